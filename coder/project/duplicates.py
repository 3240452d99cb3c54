"""Duplicate tables: what a person decided about a pair of documents
(``duplicate_decisions``) and reviews removed from the sample as duplicates of another
(``review_duplicates``); and the stored texts the suggestions are computed from. Reads
return records; writes run inside the caller's ``write()`` transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from coder.ids import CoderId, DocumentId, ReviewId
from coder.project.store import Project
from coder.project.table import Table

DECISIONS = ("same_review", "duplicate", "different")


@dataclass(frozen=True, slots=True)
class PairDecision:
    document_a: DocumentId  # document_a < document_b
    document_b: DocumentId
    decision: str
    removed_repository: str | None  # the removed review's, for the flow's identified counts
    decided_by: CoderId | None
    decided_at: str


DECISIONS_TABLE = Table(
    "duplicate_decisions",
    "duplicate_decision",
    PairDecision,
    ("document_a", "document_b", "decision", "removed_repository", "decided_by", "decided_at"),
    key=("document_a", "document_b"),
    rank=40,
)


@dataclass(frozen=True, slots=True)
class ReviewDuplicateRow:
    """A ``review_duplicates`` row as stored: what an ``Edit`` holds."""

    review_id: str
    duplicate_of: str
    decided_by: str | None
    decided_at: str


REMOVED = Table(
    "review_duplicates",
    "review_duplicate",
    ReviewDuplicateRow,
    ("review_id", "duplicate_of", "decided_by", "decided_at"),
    key=("review_id",),
    rank=40,
)


@dataclass(frozen=True, slots=True)
class ReviewDuplicate:
    review_id: ReviewId
    duplicate_of: ReviewId
    duplicate_of_name: str
    decided_by: CoderId | None
    decided_at: str


def texts(project: Project) -> Iterator[tuple[DocumentId, str]]:
    """(document id, stored text) of every document, in the order they were imported."""
    cur = project.conn.execute(
        "SELECT d.id, t.text FROM documents d JOIN document_texts t ON t.document_id = d.id "
        "ORDER BY d.rowid"
    )
    for doc_id, text in cur:
        yield DocumentId(doc_id), text


def list_decisions(project: Project) -> dict[tuple[str, str], PairDecision]:
    rows = project.conn.execute(
        "SELECT document_a, document_b, decision, removed_repository, decided_by, decided_at "
        "FROM duplicate_decisions ORDER BY rowid"
    )
    return {(r[0], r[1]): PairDecision(*r) for r in rows}


def write_decision(project: Project, d: PairDecision) -> None:
    project.conn.execute(
        "INSERT INTO duplicate_decisions (document_a, document_b, decision, removed_repository, "
        "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(document_a, document_b) DO UPDATE SET decision = excluded.decision, "
        "removed_repository = excluded.removed_repository, decided_by = excluded.decided_by, "
        "decided_at = excluded.decided_at",
        [d.document_a, d.document_b, d.decision, d.removed_repository, d.decided_by, d.decided_at],
    )


def list_review_duplicates(project: Project) -> dict[ReviewId, ReviewDuplicate]:
    rows = project.conn.execute(
        "SELECT d.review_id, d.duplicate_of, r.name, d.decided_by, d.decided_at "
        "FROM review_duplicates d JOIN reviews r ON r.id = d.duplicate_of ORDER BY d.rowid"
    )
    return {ReviewId(r[0]): ReviewDuplicate(*r) for r in rows}


def write_review_duplicate(
    project: Project, review_id: str, duplicate_of: str, coder_id: str | None, now: str
) -> None:
    project.conn.execute(
        "INSERT INTO review_duplicates (review_id, duplicate_of, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(review_id) DO UPDATE SET "
        "duplicate_of = excluded.duplicate_of, decided_by = excluded.decided_by, "
        "decided_at = excluded.decided_at",
        [review_id, duplicate_of, coder_id, now],
    )
