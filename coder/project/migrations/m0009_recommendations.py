"""Migration 0009_recommendations, as released: never edited; a change to the schema is a new one.

The recommendations register: records, addressees, linked codes and codings, status
entries, detection's open suggestions and the rejected ones.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0009_recommendations"

STATEMENTS = [
    # What a review asked of agencies: its label as the report numbers it, its text, and
    # (when it stands in a document's text) the range it was read from, like a coding's.
    # An action plan's owner, timescale and intended outcome travel with it. `origin` says
    # how it came in: typed by a researcher, or accepted from a detected numbered list, a
    # "Recommendation N" paragraph or an action-plan table. `cluster_id` is a confirmed
    # group of repeated recommendations (a UUID its members share), NULL when unconfirmed.
    """CREATE TABLE recommendations (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
        char_start INTEGER,
        char_end INTEGER,
        page INTEGER,
        scope TEXT NOT NULL DEFAULT 'local' CHECK (scope IN ('local', 'national')),
        owner TEXT NOT NULL DEFAULT '',
        timescale TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'typed'
            CHECK (origin IN ('typed', 'list', 'pattern', 'table')),
        cluster_id TEXT,
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        CHECK ((char_start IS NULL AND char_end IS NULL)
            OR (char_start >= 0 AND char_end > char_start))
    )""",
    "CREATE INDEX recommendations_review ON recommendations(review_id)",
    "CREATE INDEX recommendations_document ON recommendations(document_id, char_start)",
    # Who it is addressed to: a named force, the police generally (name ''), a named
    # national body, or another agency type.
    """CREATE TABLE recommendation_addressees (
        recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('force', 'police', 'national body', 'agency')),
        name TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (recommendation_id, kind, name)
    )""",
    # The themes (codes) it speaks to and the findings (codings) it answers.
    """CREATE TABLE recommendation_codes (
        recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
        code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        PRIMARY KEY (recommendation_id, code_id)
    )""",
    """CREATE TABLE recommendation_codings (
        recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
        coding_id TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
        PRIMARY KEY (recommendation_id, coding_id)
    )""",
    # Responses over time; the current status is the latest entry (by date, then entry).
    """CREATE TABLE recommendation_statuses (
        id TEXT PRIMARY KEY,
        recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('not known', 'accepted', 'rejected',
            'in progress', 'implemented', 'impact evidenced')),
        date TEXT NOT NULL,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('url', 'document', 'correspondence')),
        source TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        recorded_by TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX recommendation_statuses_rec ON recommendation_statuses(recommendation_id)",
    # What detection suggested and nobody has accepted or rejected yet.
    """CREATE TABLE recommendation_suggestions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL CHECK (char_start >= 0),
        char_end INTEGER NOT NULL,
        page INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        addressees TEXT NOT NULL DEFAULT '[]',
        scope TEXT NOT NULL DEFAULT 'local' CHECK (scope IN ('local', 'national')),
        owner TEXT NOT NULL DEFAULT '',
        timescale TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL CHECK (origin IN ('list', 'pattern', 'table')),
        detected_at TEXT NOT NULL,
        CHECK (char_end > char_start),
        UNIQUE (document_id, char_start, char_end)
    )""",
    # Suggestions a researcher rejected: detection never suggests their range again.
    """CREATE TABLE recommendation_rejections (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        coder_id TEXT REFERENCES coders(id),
        created_at TEXT NOT NULL,
        UNIQUE (document_id, char_start, char_end)
    )""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
