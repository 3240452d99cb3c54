"""The table dump the undo tests compare: every row of every table, in rowid order, each
value as SQLite's ``quote()`` writes it (the text ``.dump`` would write), so equal dumps
are the same rows, with the same UUIDs and the same bytes, in the same places."""

from __future__ import annotations

from coder.project.store import Project

#: the change log only grows (undo and redo are logged too); FTS tables mirror texts
_SKIP = ("changes", "sqlite_sequence", "_sqlite_migrations")


def table_dump(project: Project) -> dict[str, list[tuple]]:
    conn = project.conn
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'document_fts%' ORDER BY name"
        )
        if name not in _SKIP
    ]
    out = {}
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        quoted = ", ".join(f"quote({c})" for c in columns)
        out[table] = conn.execute(f"SELECT rowid, {quoted} FROM {table} ORDER BY rowid").fetchall()
    return out
