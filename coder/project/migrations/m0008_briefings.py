"""Migration 0008_briefings, as released: never edited; a change to the schema is a new one.

Documents' publication status, the disclosure check's terms, releases and overrides, and
themed practice briefings.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0008_briefings"

STATEMENTS = [
    # What a document may be quoted from: NULL is "as its review" (the review's own
    # publication status where the project records one, else published).
    """ALTER TABLE documents ADD COLUMN publication_status TEXT CHECK (publication_status IN
        ('published', 'summary_only', 'unpublished_or_restricted'))""",
    # Real names, places and dates that must never appear in a quote that leaves the project.
    """CREATE TABLE sensitive_terms (
        id TEXT PRIMARY KEY,
        term TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(term)) > 0),
        note TEXT NOT NULL DEFAULT '',
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL
    )""",
    # A quote from an unpublished or restricted document that a researcher releases.
    """CREATE TABLE disclosure_releases (
        coding_id TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL
    )""",
    # A sensitive term let through, in one quote (coding_id) or in every quote (NULL).
    """CREATE TABLE disclosure_overrides (
        id TEXT PRIMARY KEY,
        term TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(term)) > 0),
        coding_id TEXT REFERENCES codings(id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL
    )""",
    """CREATE UNIQUE INDEX disclosure_overrides_one
        ON disclosure_overrides(term, ifnull(coding_id, ''))""",
    # Themed practice briefings: the researcher's text; every number is computed at output.
    """CREATE TABLE briefings (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        title TEXT NOT NULL DEFAULT '',
        audience TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    # A theme is a code (with its sub-codes) or a framework's category, by name.
    """CREATE TABLE briefing_themes (
        id TEXT PRIMARY KEY,
        briefing_id TEXT NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        code_id TEXT REFERENCES codes(id) ON DELETE CASCADE,
        framework TEXT,
        category TEXT,
        considerations TEXT NOT NULL DEFAULT '',
        questions TEXT NOT NULL DEFAULT '',
        CHECK ((code_id IS NULL) = (category IS NOT NULL)),
        CHECK ((framework IS NULL) = (category IS NULL))
    )""",
    "CREATE INDEX briefing_themes_briefing ON briefing_themes(briefing_id, position)",
    # Starred quotes: codings, possibly of another project pooled with this one (no FK).
    """CREATE TABLE briefing_stars (
        theme_id TEXT NOT NULL REFERENCES briefing_themes(id) ON DELETE CASCADE,
        coding_id TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (theme_id, coding_id)
    )""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
