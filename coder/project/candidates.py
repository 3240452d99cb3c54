"""The sample's reviews as rows: candidates added before their PDF (reviews without
documents), and what a PDF attached later is matched on. Reads return records; writes run
inside the caller's ``write()`` transaction."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import NotFoundError
from coder.ids import ReviewId
from coder.project.provenance import COLUMNS, Provenance
from coder.project.store import Project


@dataclass(frozen=True, slots=True)
class SampleReview:
    """A review as the sample sees it: its name, provenance and how many documents it has."""

    id: ReviewId
    name: str
    provenance: Provenance
    expected_file: str
    documents: int
    position: int  # the order reviews were added in (rowid): ties never depend on ids


def list_sample(project: Project) -> list[SampleReview]:
    """Every review, in the order they were added."""
    rows = project.conn.execute(
        f"SELECT r.id, r.name, {', '.join('r.' + c for c in COLUMNS)}, r.expected_file, "
        "(SELECT count(*) FROM documents d WHERE d.review_id = r.id), r.rowid "
        "FROM reviews r ORDER BY r.rowid"
    )
    n = len(COLUMNS)
    return [
        SampleReview(ReviewId(r[0]), r[1], Provenance(*r[2 : 2 + n]), *r[2 + n :]) for r in rows
    ]


def insert_candidate(
    project: Project,
    review_id: str,
    name: str,
    provenance: Provenance,
    expected_file: str,
    now: str,
) -> None:
    """A review with no document yet. Call inside ``write()``."""
    project.conn.execute(
        f"INSERT INTO reviews (id, name, created_at, modified_at, {', '.join(COLUMNS)}, "
        f"expected_file) VALUES (?, ?, ?, ?, {', '.join('?' * len(COLUMNS))}, ?)",
        [
            review_id,
            name,
            now,
            now,
            *(getattr(provenance, c) for c in COLUMNS),
            expected_file,
        ],
    )


def document_count(project: Project, review_id: str) -> int:
    return project.conn.execute(
        "SELECT count(*) FROM documents WHERE review_id = ?", [review_id]
    ).fetchone()[0]


def review_name(project: Project, review_id: str) -> str:
    row = project.conn.execute("SELECT name FROM reviews WHERE id = ?", [review_id]).fetchone()
    return row[0] if row else ""


def first_document(project: Project, review_id: str) -> str:
    """The review's first document (by title, then import order). Raises NotFoundError."""
    row = project.conn.execute(
        "SELECT id FROM documents WHERE review_id = ? ORDER BY title, rowid LIMIT 1", [review_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"review {review_id} has no document")
    return row[0]
