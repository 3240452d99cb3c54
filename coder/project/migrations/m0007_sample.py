"""Migration 0007_sample, as released: never edited; a change to the schema is a new one.

The sample: provenance of reviews, screening by coders, resolutions, duplicates.
"""

from __future__ import annotations

from coder.project.sqlite import Database

NAME = "0007_sample"

STATEMENTS = [
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


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
