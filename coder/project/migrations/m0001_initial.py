"""Migration 0001_initial, as released: never edited; a change to the schema is a new one.

The first schema: the project's settings, coders, reviews, documents with their files,
texts, full-text index and pages, codes, codings, review attributes, memos, the triggers
that delete what goes with a row, and the append-only change log.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0001_initial"

STATEMENTS = [
    """CREATE TABLE project (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE coders (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id),
        kind TEXT NOT NULL DEFAULT 'pdf' CHECK (kind IN ('pdf', 'text')),
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        pages INTEGER NOT NULL,
        text_version INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT REFERENCES coders(id),
        modified_at TEXT NOT NULL
    )""",
    "CREATE INDEX documents_review ON documents(review_id)",
    """CREATE TABLE document_files (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE document_texts (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
        text TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE document_fts USING fts5(
        text, content='document_texts', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER document_texts_ai AFTER INSERT ON document_texts BEGIN
        INSERT INTO document_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER document_texts_ad AFTER DELETE ON document_texts BEGIN
        INSERT INTO document_fts(document_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER document_texts_au AFTER UPDATE ON document_texts BEGIN
        INSERT INTO document_fts(document_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO document_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TABLE pages (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page INTEGER NOT NULL CHECK (page >= 1),
        width REAL NOT NULL,
        height REAL NOT NULL,
        rotation INTEGER NOT NULL CHECK (rotation IN (0, 90, 180, 270)),
        crop_x REAL NOT NULL DEFAULT 0,
        crop_y REAL NOT NULL DEFAULT 0,
        media_height REAL NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        word_count INTEGER NOT NULL,
        word_boxes BLOB NOT NULL,
        word_spans BLOB NOT NULL,
        PRIMARY KEY (document_id, page)
    )""",
    """CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        parent_id TEXT REFERENCES codes(id),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        colour TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        codable INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX codes_sibling_name ON codes(ifnull(parent_id, ''), name)",
    """CREATE TABLE codings (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        code_id TEXT NOT NULL REFERENCES codes(id),
        coder_id TEXT NOT NULL REFERENCES coders(id),
        kind TEXT NOT NULL CHECK (kind IN ('text', 'area')),
        char_start INTEGER,
        char_end INTEGER,
        page_start INTEGER NOT NULL,
        page_end INTEGER NOT NULL,
        rects TEXT NOT NULL,
        quote TEXT NOT NULL DEFAULT '',
        effect TEXT CHECK (effect IN ('supports', 'hinders')),
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        CHECK (page_end >= page_start),
        CHECK ((kind = 'text' AND char_start >= 0 AND char_end > char_start)
            OR (kind = 'area' AND char_start IS NULL AND char_end IS NULL))
    )""",
    """CREATE UNIQUE INDEX codings_same_range
        ON codings(document_id, code_id, coder_id, char_start, char_end) WHERE kind = 'text'""",
    "CREATE INDEX codings_document ON codings(document_id, page_start, char_start)",
    "CREATE INDEX codings_code ON codings(code_id)",
    "CREATE INDEX codings_coder ON codings(coder_id)",
    """CREATE TABLE attributes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL
            CHECK (type IN ('text', 'integer', 'date', 'choice', 'choices', 'boolean')),
        choices TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    """CREATE TABLE attribute_values (
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        attribute_id TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
        value TEXT,
        not_stated INTEGER NOT NULL DEFAULT 0 CHECK (not_stated IN (0, 1)),
        modified_at TEXT NOT NULL,
        PRIMARY KEY (review_id, attribute_id),
        CHECK (NOT (not_stated = 1 AND value IS NOT NULL))
    )""",
    """CREATE TABLE memos (
        id TEXT PRIMARY KEY,
        target_kind TEXT NOT NULL
            CHECK (target_kind IN ('project', 'review', 'document', 'code', 'coding')),
        target_id TEXT,
        author_id TEXT REFERENCES coders(id),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    )""",
    "CREATE INDEX memos_target ON memos(target_kind, target_id)",
    # Memos follow what they describe when it is deleted.
    """CREATE TRIGGER codings_ad AFTER DELETE ON codings BEGIN
        DELETE FROM memos WHERE target_kind = 'coding' AND target_id = old.id;
    END""",
    """CREATE TRIGGER codes_ad AFTER DELETE ON codes BEGIN
        DELETE FROM memos WHERE target_kind = 'code' AND target_id = old.id;
    END""",
    """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        DELETE FROM memos WHERE target_kind = 'document' AND target_id = old.id;
    END""",
    """CREATE TRIGGER reviews_ad AFTER DELETE ON reviews BEGIN
        DELETE FROM memos WHERE target_kind = 'review' AND target_id = old.id;
    END""",
    """CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        coder_id TEXT,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX changes_entity ON changes(entity, entity_id)",
    """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN
        SELECT RAISE(ABORT, 'the change log is append-only');
    END""",
    """CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN
        SELECT RAISE(ABORT, 'the change log is append-only');
    END""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
