"""Versioned schema migrations (sqlite-utils ``Migrations``).

The schema version of a project is the number of migrations applied to it;
it is also mirrored in ``PRAGMA user_version`` so that any SQLite tool can read
it. A migration is never edited once released: changes are new migrations.
"""

from __future__ import annotations

from coder.project.sqlite import Database, Migrations

APPLICATION_ID = 0x52435052  # "RCPR": marks the file as a Review Coder project
MIGRATION_SET = "review-coder"

migrations = Migrations(MIGRATION_SET)

_INITIAL = [
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


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)


@migrations(name="0002_code_definitions")
def m0002_code_definitions(db: Database) -> None:
    """A code's definition is ``description``; codebooks add when (not) to use it and an
    example."""
    for column in ("when_to_use", "when_not_to_use", "example"):
        db.execute(f"ALTER TABLE codes ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


_TEAMWORK = [
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


@migrations(name="0003_teamwork")
def m0003_teamwork(db: Database) -> None:
    """Assignments and progress, flags on codings a merge could not place, adjudication."""
    for statement in _TEAMWORK:
        db.execute(statement)


_CASE_DATA = [
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


@migrations(name="0004_case_data")
def m0004_case_data(db: Database) -> None:
    """Case data: the schema's kinds and fields, records per review, their values and the
    passages they come from."""
    for statement in _CASE_DATA:
        db.execute(statement)


_STRUCTURE = [
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


@migrations(name="0005_structure")
def m0005_structure(db: Database) -> None:
    """The structure of a review: line fonts, detected headings, sections and numbered
    paragraphs, and the user's corrections."""
    for statement in _STRUCTURE:
        db.execute(statement)


_FRAMEWORKS = [
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


@migrations(name="0006_frameworks")
def m0006_frameworks(db: Database) -> None:
    """Judgements apart from effects, explains links, recode flags, frameworks."""
    for statement in _FRAMEWORKS:
        db.execute(statement)


_SAMPLE = [
    # Where a review came from. Typed: the repository and the publication status are fixed
    # lists (coder.project.provenance), the dates ISO dates; NULL is "not recorded".
    "ALTER TABLE reviews ADD COLUMN source_url TEXT NOT NULL DEFAULT ''",
    """ALTER TABLE reviews ADD COLUMN repository TEXT CHECK (repository IN
        ('home_office_dhr_library', 'national_case_review_repository', 'council_website',
         'wales_repository', 'commissioning_body', 'other'))""",
    "ALTER TABLE reviews ADD COLUMN retrieved_on TEXT",
    """ALTER TABLE reviews ADD COLUMN publication_status TEXT CHECK (publication_status IN
        ('full_report', 'executive_summary_only', 'unpublished_or_restricted'))""",
    "ALTER TABLE reviews ADD COLUMN published_on TEXT",
    # the file name a candidate's PDF is expected under (from the candidates list), so that
    # a PDF attached later finds its review
    "ALTER TABLE reviews ADD COLUMN expected_file TEXT NOT NULL DEFAULT ''",
    # One screening decision per review and coder. Screeners decide blind in their own
    # copies; a merge brings the records together (UUIDs, as codings).
    """CREATE TABLE screenings (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        coder_id TEXT NOT NULL REFERENCES coders(id),
        decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL,
        UNIQUE (review_id, coder_id),
        CHECK ((decision = 'include' AND reason = '') OR (decision = 'exclude' AND reason != ''))
    )""",
    # A disagreement settled by a third person or by consensus, with who decided.
    """CREATE TABLE screening_resolutions (
        review_id TEXT PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
        decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
        reason TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL CHECK (method IN ('third_person', 'consensus')),
        decided_by TEXT NOT NULL REFERENCES coders(id),
        decided_at TEXT NOT NULL,
        CHECK ((decision = 'include' AND reason = '') OR (decision = 'exclude' AND reason != ''))
    )""",
    # A pair of documents a person looked at: the same review (grouped), a duplicate (the
    # second document's review removed from the sample), or different (not suggested again).
    # The removed review's repository is kept: the flow counts it where it was identified.
    """CREATE TABLE duplicate_decisions (
        document_a TEXT NOT NULL,
        document_b TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('same_review', 'duplicate', 'different')),
        removed_repository TEXT,
        decided_by TEXT REFERENCES coders(id),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (document_a, document_b),
        CHECK (document_a < document_b)
    )""",
    # A review removed from the sample as a duplicate of another ("duplicate of ...").
    """CREATE TABLE review_duplicates (
        review_id TEXT PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
        duplicate_of TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        decided_by TEXT REFERENCES coders(id),
        decided_at TEXT NOT NULL,
        CHECK (review_id != duplicate_of)
    )""",
]


@migrations(name="0007_sample")
def m0007_sample(db: Database) -> None:
    """The sample: provenance of reviews, screening by coders, resolutions, duplicates."""
    for statement in _SAMPLE:
        db.execute(statement)


_BRIEFINGS = [
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


@migrations(name="0008_briefings")
def m0008_briefings(db: Database) -> None:
    """Documents' publication status, the disclosure check's terms, releases and
    overrides, and themed practice briefings."""
    for statement in _BRIEFINGS:
        db.execute(statement)


_RECOMMENDATIONS = [
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


@migrations(name="0009_recommendations")
def m0009_recommendations(db: Database) -> None:
    """The recommendations register: records, addressees, linked codes and codings, status
    entries, detection's open suggestions and the rejected ones."""
    for statement in _RECOMMENDATIONS:
        db.execute(statement)


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


LATEST_VERSION = len(known_names())
