"""Migration 0003_teamwork, as released: never edited; a change to the schema is a new one.

Assignments and progress, flags on codings a merge could not place, adjudication.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0003_teamwork"

STATEMENTS = [
    # A lead assigns documents to coders; each coder marks their own progress. A row with
    # assigned = 0 is a status a coder set on a document nobody assigned to them.
    """CREATE TABLE assignments (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        coder_id TEXT NOT NULL REFERENCES coders(id),
        assigned INTEGER NOT NULL DEFAULT 1 CHECK (assigned IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'not_started'
            CHECK (status IN ('not_started', 'in_progress', 'done')),
        modified_at TEXT NOT NULL,
        PRIMARY KEY (document_id, coder_id)
    )""",
    # A coding a merge could not place on the text it now has: kept, flagged, listed.
    """CREATE TABLE coding_flags (
        coding_id TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
        flag TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        flagged_at TEXT NOT NULL
    )""",
    # Adjudication: what became of each coder's coding in the consensus layer.
    """CREATE TABLE adjudications (
        coding_id TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
        decision TEXT NOT NULL CHECK (decision IN ('agreed', 'accepted', 'rejected')),
        consensus_coding_id TEXT,
        decided_by TEXT REFERENCES coders(id),
        decided_at TEXT NOT NULL
    )""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
