"""Migration 0004_case_data, as released: never edited; a change to the schema is a new one.

Case data: the schema's kinds and fields, records per review, their values and the passages
they come from.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0004_case_data"

STATEMENTS = [
    # The case-data schema held in the project: kinds of record and their typed fields.
    """CREATE TABLE case_kinds (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        file TEXT NOT NULL UNIQUE,
        label_field TEXT NOT NULL DEFAULT '',
        match_fields TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    """CREATE TABLE case_fields (
        id TEXT PRIMARY KEY,
        kind_id TEXT NOT NULL REFERENCES case_kinds(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        type TEXT NOT NULL CHECK (type IN
            ('text', 'integer', 'date', 'choice', 'choices', 'boolean', 'person', 'persons')),
        choices TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        UNIQUE (kind_id, name)
    )""",
    # One record (a person, a relationship, a police contact) of a review, extracted by a
    # coder. Values are typed as attribute values are: JSON, or "not stated".
    """CREATE TABLE case_records (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        kind_id TEXT NOT NULL REFERENCES case_kinds(id),
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    "CREATE INDEX case_records_review ON case_records(review_id, kind_id)",
    """CREATE TABLE case_values (
        record_id TEXT NOT NULL REFERENCES case_records(id) ON DELETE CASCADE,
        field_id TEXT NOT NULL REFERENCES case_fields(id) ON DELETE CASCADE,
        value TEXT,
        not_stated INTEGER NOT NULL DEFAULT 0 CHECK (not_stated IN (0, 1)),
        modified_at TEXT NOT NULL,
        PRIMARY KEY (record_id, field_id),
        CHECK (NOT (not_stated = 1 AND value IS NOT NULL))
    )""",
    # The passages a record was extracted from: a coding, or a selected range of a
    # document's text (kept when the coding is deleted: the passage is still there).
    """CREATE TABLE case_links (
        id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL REFERENCES case_records(id) ON DELETE CASCADE,
        coding_id TEXT REFERENCES codings(id) ON DELETE SET NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL CHECK (char_start >= 0),
        char_end INTEGER NOT NULL,
        page INTEGER NOT NULL CHECK (page >= 1),
        quote TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (char_end > char_start)
    )""",
    "CREATE INDEX case_links_record ON case_links(record_id)",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
