"""Reviews as stored (the unit of analysis: one or more documents) and which review each
document is in. Reads return records; writes run inside the caller's ``write()``."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import NotFoundError
from coder.ids import DocumentId, ReviewId
from coder.project.store import Project
from coder.project.table import Table


@dataclass(frozen=True)
class Review:
    id: ReviewId
    name: str
    document_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A review's row, provenance included (``coder.project.provenance`` reads it)."""

    id: ReviewId
    name: str
    created_at: str
    modified_at: str
    source_url: str
    repository: str | None
    retrieved_on: str | None
    publication_status: str | None
    published_on: str | None
    expected_file: str | None


@dataclass(frozen=True, slots=True)
class DocumentPlace:
    """Which review a document is in (the columns of ``documents`` a review edit changes)."""

    id: DocumentId
    review_id: ReviewId
    modified_at: str


TABLE = Table(
    "reviews",
    "review",
    ReviewRow,
    (
        "id",
        "name",
        "created_at",
        "modified_at",
        "source_url",
        "repository",
        "retrieved_on",
        "publication_status",
        "published_on",
        "expected_file",
    ),
    rank=0,
)
PLACES = Table("documents", "document", DocumentPlace, ("id", "review_id", "modified_at"), rank=5)


def list_reviews(project: Project) -> list[Review]:
    docs: dict[str, list[str]] = {}
    for doc_id, review_id in project.conn.execute(
        "SELECT id, review_id FROM documents ORDER BY title, rowid"
    ):
        docs.setdefault(review_id, []).append(doc_id)
    rows = project.conn.execute("SELECT id, name FROM reviews ORDER BY name, rowid")
    return [Review(ReviewId(r), n, tuple(docs.get(r, ()))) for r, n in rows]


def review_of(project: Project, document_id: str) -> Review:
    row = project.conn.execute(
        "SELECT r.id, r.name FROM reviews r JOIN documents d ON d.review_id = r.id WHERE d.id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {document_id}")
    return Review(ReviewId(row[0]), row[1], tuple(documents_of(project, row[0])))


def documents_of(project: Project, review_id: str) -> list[str]:
    """The ids of a review's documents, by title."""
    rows = project.conn.execute(
        "SELECT id FROM documents WHERE review_id = ? ORDER BY title, rowid", [review_id]
    )
    return [r[0] for r in rows]


def insert_review(project: Project, review_id: str, name: str, now: str) -> None:
    project.conn.execute(
        "INSERT INTO reviews (id, name, created_at, modified_at) VALUES (?, ?, ?, ?)",
        [review_id, name, now, now],
    )


def rename(project: Project, review_id: str, name: str, now: str) -> None:
    project.conn.execute(
        "UPDATE reviews SET name = ?, modified_at = ? WHERE id = ?", [name, now, review_id]
    )


def move_documents(project: Project, document_ids: list[str], review_id: str, now: str) -> None:
    """Put documents into a review."""
    project.conn.executemany(
        "UPDATE documents SET review_id = ?, modified_at = ? WHERE id = ?",
        [(review_id, now, d) for d in document_ids],
    )


def delete_if_empty(project: Project, review_id: str) -> bool:
    """Delete a review that has no document left; whether it was deleted."""
    cur = project.conn.execute(
        "DELETE FROM reviews WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM documents WHERE review_id = ?)",
        [review_id, review_id],
    )
    return cur.rowcount > 0


def exists(project: Project, review_id: str) -> bool:
    """Whether the project has a review with this id."""
    row = project.conn.execute("SELECT 1 FROM reviews WHERE id = ?", [review_id]).fetchone()
    return row is not None


def touch(project: Project, review_id: str, now: str) -> None:
    """Stamp a review as changed (a document added to it)."""
    project.conn.execute("UPDATE reviews SET modified_at = ? WHERE id = ?", [now, review_id])
