"""Migration 0005_structure, as released: never edited; a change to the schema is a new one.

The structure of a review: line fonts, detected headings, sections and numbered paragraphs,
and the user's corrections.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0005_structure"

STATEMENTS = [
    # The font of each stored line (coder.pdf.geometry.LineStyles); NULL until read, as for
    # documents imported before this migration (their stored PDF is read again on detection).
    "ALTER TABLE pages ADD COLUMN line_styles BLOB",
    # One row per document whose structure was detected: the detector's version, and what
    # it found (JSON), kept apart from the user's corrections so that redetection never
    # overwrites them.
    """CREATE TABLE structures (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        detected_at TEXT NOT NULL,
        detected TEXT NOT NULL
    )""",
    # The structure in force: what was detected with the corrections applied. Rebuilt from
    # `structures.detected` and `structure_corrections` whenever either changes.
    """CREATE TABLE headings (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        page INTEGER NOT NULL,
        level INTEGER NOT NULL CHECK (level >= 1),
        number TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (document_id, char_start),
        CHECK (char_end > char_start)
    )""",
    """CREATE TABLE paragraphs (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        page INTEGER NOT NULL,
        number TEXT NOT NULL,
        PRIMARY KEY (document_id, char_start),
        CHECK (char_end > char_start)
    )""",
    # A user's correction, replayed after every detection: a section's kind, a heading
    # merged into the one before it, a paragraph number the detector missed.
    """CREATE TABLE structure_corrections (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        action TEXT NOT NULL CHECK (action IN ('kind', 'merge', 'paragraph')),
        char_start INTEGER NOT NULL,
        value TEXT NOT NULL DEFAULT '',
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX structure_corrections_document ON structure_corrections(document_id)",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
