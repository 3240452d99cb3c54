"""Reviews (the unit of analysis: one or more documents) and their typed attributes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coder.codebook.attribute_set import (
    NOT_STATED_VALUE,
    AttributeSet,
    AttributeSpec,
    from_json,
    to_json,
)
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, ReviewId, new_id
from coder.project import changelog
from coder.project import provenance as prov
from coder.project.clock import utc_now
from coder.project.store import Project


@dataclass(frozen=True)
class Review:
    id: ReviewId
    name: str
    document_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReviewSnapshot:
    """Rows of reviews, their attribute values and their documents' review, before an edit."""

    reviews: tuple[tuple[Any, ...], ...]
    values: tuple[tuple[Any, ...], ...]
    document_reviews: tuple[tuple[str, str], ...]
    created_reviews: tuple[str, ...] = ()


#: a review's row as snapshots keep it: provenance too, so a review an undo brings back
#: comes back whole
_REVIEW_COLUMNS = (
    "id, name, created_at, modified_at, source_url, repository, retrieved_on, "
    "publication_status, published_on, expected_file"
)
_REVIEW_MARKS = ", ".join("?" * len(_REVIEW_COLUMNS.split(",")))


# -- reading ------------------------------------------------------------------------------


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
    docs = [
        r[0]
        for r in project.conn.execute(
            "SELECT id FROM documents WHERE review_id = ? ORDER BY title, rowid", [row[0]]
        )
    ]
    return Review(ReviewId(row[0]), row[1], tuple(docs))


def list_attributes(project: Project) -> list[AttributeSpec]:
    rows = project.conn.execute(
        "SELECT id, name, type, choices, description FROM attributes ORDER BY position, name"
    )
    return [AttributeSpec(i, n, t, json.loads(c), d) for i, n, t, c, d in rows]


def attribute_values(project: Project) -> dict[str, dict[str, Any]]:
    """review id -> attribute id -> value (NOT_STATED_VALUE for 'not stated')."""
    out: dict[str, dict[str, Any]] = {}
    for review_id, attr_id, value, not_stated in project.conn.execute(
        "SELECT review_id, attribute_id, value, not_stated FROM attribute_values"
    ):
        out.setdefault(review_id, {})[attr_id] = (
            NOT_STATED_VALUE if not_stated else from_json(value)
        )
    return out


# -- attribute definitions ------------------------------------------------------------------


def define_attributes(
    project: Project, attribute_set: AttributeSet, coder_id: CoderId | None
) -> list[str]:
    """Add the set's attributes the project lacks (matched by id, then name). Returns the
    names added. Never changes an attribute the project already has."""
    added = []
    with project.write():
        now = utc_now()
        existing = {r[0]: r[1] for r in project.conn.execute("SELECT id, name FROM attributes")}
        names = {n.casefold() for n in existing.values()}
        position = len(existing)
        for spec in attribute_set.attributes:
            if spec.id in existing or spec.name.casefold() in names:
                continue
            project.conn.execute(
                "INSERT INTO attributes (id, name, type, choices, description, position, "
                "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    spec.id,
                    spec.name,
                    spec.type,
                    json.dumps(spec.choices, ensure_ascii=False),
                    spec.description,
                    position,
                    now,
                    now,
                ],
            )
            position += 1
            changelog.log(
                project,
                coder_id,
                "create",
                "attribute",
                spec.id,
                f"attribute '{spec.name}' ({spec.type})",
                at=now,
            )
            added.append(spec.name)
    return added


# -- snapshots for undo -------------------------------------------------------------------------


def _snapshot(project: Project, review_ids: list[str]) -> ReviewSnapshot:
    conn = project.conn
    marks = ",".join("?" * len(review_ids))
    reviews = tuple(
        conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE id IN ({marks})",
            review_ids,
        )
    )
    values = tuple(
        conn.execute(
            "SELECT review_id, attribute_id, value, not_stated, modified_at FROM attribute_values "
            f"WHERE review_id IN ({marks})",
            review_ids,
        )
    )
    docs = tuple(
        conn.execute(
            f"SELECT id, review_id FROM documents WHERE review_id IN ({marks})", review_ids
        )
    )
    return ReviewSnapshot(reviews, values, docs)


def restore(project: Project, snap: ReviewSnapshot, coder_id: CoderId | None) -> None:
    """Put reviews, their values and their documents back as the snapshot has them."""
    with project.write():
        conn = project.conn
        conn.executemany(
            f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_REVIEW_MARKS}) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "modified_at = excluded.modified_at, source_url = excluded.source_url, "
            "repository = excluded.repository, retrieved_on = excluded.retrieved_on, "
            "publication_status = excluded.publication_status, "
            "published_on = excluded.published_on, expected_file = excluded.expected_file",
            snap.reviews,
        )
        conn.executemany(
            "UPDATE documents SET review_id = ? WHERE id = ?",
            [(r, d) for d, r in snap.document_reviews],
        )
        ids = sorted({r[0] for r in snap.reviews})
        if ids:
            marks = ",".join("?" * len(ids))
            conn.execute(f"DELETE FROM attribute_values WHERE review_id IN ({marks})", ids)
        conn.executemany(
            "INSERT INTO attribute_values (review_id, attribute_id, value, not_stated, "
            "modified_at) VALUES (?, ?, ?, ?, ?)",
            snap.values,
        )
        for review_id in snap.created_reviews:
            conn.execute(
                "DELETE FROM reviews WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM documents WHERE review_id = ?)",
                [review_id, review_id],
            )
        changelog.log_many(
            project,
            [
                (coder_id, "update", "review", r[0], f"restored review '{r[1]}'")
                for r in snap.reviews
            ],
        )


# -- edits --------------------------------------------------------------------------------


def set_attribute(
    project: Project, review_id: str, attribute_id: str, value: Any, coder_id: CoderId | None
) -> ReviewSnapshot:
    """Set one attribute of a review: a typed value, NOT_STATED_VALUE, or None to clear."""
    with project.write():
        spec = next((a for a in list_attributes(project) if a.id == attribute_id), None)
        if spec is None:
            raise NotFoundError(f"no attribute with id {attribute_id}")
        if isinstance(value, str) and spec.type != "text":
            value = spec.parse(value)
        _check_value(spec, value)
        snap = _snapshot(project, [review_id])
        if not snap.reviews:
            raise NotFoundError(f"no review with id {review_id}")
        write_value(project, review_id, spec, value, coder_id, utc_now())
    return snap


def _check_value(spec: AttributeSpec, value: Any) -> None:
    if value is None or value is NOT_STATED_VALUE:
        return
    spec.parse(spec.format(value))  # raises InvalidInputError when it does not fit the type


def write_value(
    project: Project,
    review_id: str,
    spec: AttributeSpec,
    value: Any,
    coder_id: CoderId | None,
    now: str,
) -> None:
    conn = project.conn
    if value is None:
        conn.execute(
            "DELETE FROM attribute_values WHERE review_id = ? AND attribute_id = ?",
            [review_id, spec.id],
        )
    else:
        stated = value is not NOT_STATED_VALUE
        conn.execute(
            "INSERT INTO attribute_values (review_id, attribute_id, value, not_stated, "
            "modified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(review_id, attribute_id) DO UPDATE "
            "SET value = excluded.value, not_stated = excluded.not_stated, "
            "modified_at = excluded.modified_at",
            [review_id, spec.id, to_json(value) if stated else None, 0 if stated else 1, now],
        )
    changelog.log(
        project,
        coder_id,
        "update",
        "review",
        review_id,
        f"{spec.name}: {spec.format(value) or '(empty)'}",
        {"attribute_id": spec.id},
        at=now,
    )


def set_provenance(
    project: Project, review_id: str, value: prov.Provenance, coder_id: CoderId | None
) -> ReviewSnapshot:
    """Set where a review came from (see ``coder.project.provenance``). One transaction."""
    with project.write():
        snap = _snapshot(project, [review_id])
        if not snap.reviews:
            raise NotFoundError(f"no review with id {review_id}")
        now = utc_now()
        before = prov.get(project, review_id)
        prov.write(project, review_id, value, now)
        changed = {
            c: getattr(value, c) for c in prov.COLUMNS if getattr(before, c) != getattr(value, c)
        }
        changelog.log(
            project,
            coder_id,
            "update",
            "review",
            review_id,
            "provenance: " + (", ".join(prov.HEADINGS[c] for c in changed) or "unchanged"),
            changed,
            at=now,
        )
    return snap


def rename_review(
    project: Project, review_id: str, name: str, coder_id: CoderId | None
) -> ReviewSnapshot:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("a review needs a name")
    with project.write():
        snap = _snapshot(project, [review_id])
        if not snap.reviews:
            raise NotFoundError(f"no review with id {review_id}")
        now = utc_now()
        project.conn.execute(
            "UPDATE reviews SET name = ?, modified_at = ? WHERE id = ?", [name, now, review_id]
        )
        changelog.log(
            project, coder_id, "update", "review", review_id, f"review renamed '{name}'", at=now
        )
    return snap


def group_documents(
    project: Project, document_ids: list[str], coder_id: CoderId | None
) -> ReviewSnapshot:
    """Put documents into one review: the first document's. Attribute values the kept
    review lacks are taken from the others; reviews left with no document are deleted."""
    if len(document_ids) < 2:
        raise InvalidInputError("choose at least two documents to group into one review")
    with project.write():
        reviews = [review_of(project, d).id for d in document_ids]
        target = reviews[0]
        others = [r for r in dict.fromkeys(reviews) if r != target]
        snap = _snapshot(project, [target, *others])
        conn = project.conn
        now = utc_now()
        for doc_id in document_ids:
            conn.execute(
                "UPDATE documents SET review_id = ?, modified_at = ? WHERE id = ?",
                [target, now, doc_id],
            )
        for other in others:
            conn.execute(
                "INSERT OR IGNORE INTO attribute_values (review_id, attribute_id, value, "
                "not_stated, modified_at) SELECT ?, attribute_id, value, not_stated, ? "
                "FROM attribute_values WHERE review_id = ?",
                [target, now, other],
            )
            if not conn.execute("SELECT 1 FROM documents WHERE review_id = ?", [other]).fetchone():
                conn.execute("DELETE FROM reviews WHERE id = ?", [other])
                changelog.log(
                    project,
                    coder_id,
                    "delete",
                    "review",
                    other,
                    "review merged into another",
                    {"into": target},
                    at=now,
                )
        changelog.log(
            project,
            coder_id,
            "update",
            "review",
            target,
            f"{len(document_ids)} documents grouped",
            {"documents": document_ids},
            at=now,
        )
    return snap


def separate_document(
    project: Project, document_id: str, coder_id: CoderId | None
) -> ReviewSnapshot:
    """Give a document a review of its own (named after it), leaving its former review."""
    with project.write():
        review = review_of(project, document_id)
        if len(review.document_ids) == 1:
            raise InvalidInputError("the document is already a review of its own")
        snap = _snapshot(project, [review.id])
        title = project.conn.execute(
            "SELECT title FROM documents WHERE id = ?", [document_id]
        ).fetchone()[0]
        new = new_id()
        now = utc_now()
        project.conn.execute(
            "INSERT INTO reviews (id, name, created_at, modified_at) VALUES (?, ?, ?, ?)",
            [new, title, now, now],
        )
        project.conn.execute(
            "UPDATE documents SET review_id = ?, modified_at = ? WHERE id = ?",
            [new, now, document_id],
        )
        changelog.log(
            project, coder_id, "create", "review", new, f"review '{title}' separated", at=now
        )
    return ReviewSnapshot(snap.reviews, snap.values, snap.document_reviews, (new,))
