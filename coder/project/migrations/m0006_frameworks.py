"""Migration 0006_frameworks, as released: never edited; a change to the schema is a new one.

Judgements apart from effects, explains links, recode flags, frameworks.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0006_frameworks"

STATEMENTS = [
    # What happened in practice (a judgement) is kept apart from what in the policing
    # environment explains it (a factor's effect): NULL is "neither / not stated".
    """ALTER TABLE codings ADD COLUMN judgement TEXT
        CHECK (judgement IN ('good_practice', 'missed_opportunity'))""",
    # Which codings take a judgement and which an effect is set per code group; NULL
    # inherits from the parent, and a code with no setting on its path offers both.
    "ALTER TABLE codes ADD COLUMN takes_judgement INTEGER CHECK (takes_judgement IN (0, 1))",
    "ALTER TABLE codes ADD COLUMN takes_effect INTEGER CHECK (takes_effect IN (0, 1))",
    # A coding explains another: a factor coding explains the practice coding it accounts
    # for. Links have UUIDs so that they merge and travel (REFI-QDA <Link>) like codings.
    """CREATE TABLE coding_links (
        id TEXT PRIMARY KEY,
        from_coding_id TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
        to_coding_id TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
        kind TEXT NOT NULL DEFAULT 'explains' CHECK (kind IN ('explains')),
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL,
        CHECK (from_coding_id != to_coding_id),
        UNIQUE (from_coding_id, to_coding_id, kind)
    )""",
    "CREATE INDEX coding_links_to ON coding_links(to_coding_id)",
    # A coding of a code that a newer codebook split: kept on the original code and listed
    # until someone recodes it or decides it stays (resolved = 1), never guessed.
    """CREATE TABLE recode_flags (
        coding_id TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
        code_id TEXT NOT NULL,
        split_into TEXT NOT NULL DEFAULT '[]',
        resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
        flagged_at TEXT NOT NULL
    )""",
    # Frameworks: a name, a citation, how far it is verified, and categories that codes
    # map to (many to many). A framework's categories may be empty until a team enters them.
    """CREATE TABLE frameworks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        citation TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'unverified'
            CHECK (status IN ('verified', 'partly verified', 'unverified', 'entered by user')),
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    """CREATE TABLE framework_categories (
        id TEXT PRIMARY KEY,
        framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (framework_id, name)
    )""",
    """CREATE TABLE framework_mappings (
        category_id TEXT NOT NULL REFERENCES framework_categories(id) ON DELETE CASCADE,
        code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        PRIMARY KEY (category_id, code_id)
    )""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
