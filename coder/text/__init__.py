"""The text model: how a document's text is built, normalised and searched (no PDF, no SQL)."""
