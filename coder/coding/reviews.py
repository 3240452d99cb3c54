"""Reviews (the unit of analysis: one or more documents) and their typed attributes: the
edits, each one transaction returning an ``Edit``. The tables are read and written by
``coder.project.reviews`` and ``coder.project.attributes``."""

from __future__ import annotations

from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSet, AttributeSpec
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, new_id
from coder.project import attributes, changelog, documents
from coder.project import casedata as case_repo
from coder.project import provenance as prov
from coder.project import recommendations as rec_repo
from coder.project import reviews as repo
from coder.project.attributes import attribute_values, list_attributes
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.reviews import Review, list_reviews, review_of
from coder.project.store import Project

__all__ = [
    "Review",
    "add_attributes",
    "added_attributes",
    "attribute_values",
    "group_documents",
    "list_attributes",
    "list_reviews",
    "rename_review",
    "review_of",
    "separate_document",
    "set_attribute",
    "set_provenance",
    "write_value",
]


# -- attribute definitions ------------------------------------------------------------------


def add_attributes(project: Project, attribute_set: AttributeSet, coder_id: CoderId | None) -> Edit:
    """Add the set's attributes the project lacks (matched by id, then name); never
    changes an attribute the project already has. ``added_attributes(edit)`` names those
    added."""
    with project.write():
        record = Recorder(project)
        now = utc_now()
        existing = attributes.names_by_id(project)
        names = {n.casefold() for n in existing.values()}
        position = len(existing)
        for spec in attribute_set.attributes:
            if spec.id in existing or spec.name.casefold() in names:
                continue
            attributes.insert_attribute(project, spec, position, now)
            record.created(attributes.DEFINITIONS, [spec.id])
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
        return record.edit()


def added_attributes(edit: Edit) -> list[str]:
    """The names of the attributes an ``add_attributes`` edit added, in the set's order."""
    return [a.name for a in edit.after if isinstance(a, attributes.AttributeRow)]


# -- edits --------------------------------------------------------------------------------


def _recorder(project: Project, review_ids: list[str]) -> Recorder:
    """A recorder holding these reviews (with their values and memos) and the places of
    their documents; NotFoundError for a review that is not there."""
    record = Recorder(project)
    found = record.read(repo.TABLE, review_ids, dependents=True)
    if len(found) != len(set(review_ids)):
        missing = sorted(set(review_ids) - {r.id for r in found})
        raise NotFoundError(f"no review with id {missing[0]}")
    record.read(repo.PLACES, [d for r in review_ids for d in repo.documents_of(project, r)])
    return record


def set_attribute(
    project: Project, review_id: str, attribute_id: str, value: Any, coder_id: CoderId | None
) -> Edit:
    """Set one attribute of a review: a typed value, NOT_STATED_VALUE, or None to clear."""
    with project.write():
        spec = next((a for a in list_attributes(project) if a.id == attribute_id), None)
        if spec is None:
            raise NotFoundError(f"no attribute with id {attribute_id}")
        if isinstance(value, str) and spec.type != "text":
            value = spec.parse(value)
        _check_value(spec, value)
        record = _recorder(project, [review_id])
        write_value(project, review_id, spec, value, coder_id, utc_now())
        return record.edit(Changes.of(review=[review_id]))


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
    """Write and log one value: a step of a mutation, not a mutation of its own. It runs
    inside the caller's ``write()`` and returns nothing; the caller reads the review first
    (``Recorder.read(reviews.TABLE, ids, dependents=True)``, which takes its values along)
    and returns the ``Edit``. ``set_attribute`` and the attribute and candidate imports use
    it, so a value is logged the same way whichever of them writes it."""
    attributes.write_value(project, review_id, spec.id, value, now)
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
) -> Edit:
    """Set where a review came from (see ``coder.project.provenance``). One transaction."""
    with project.write():
        record = _recorder(project, [review_id])
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
        return record.edit()


def rename_review(project: Project, review_id: str, name: str, coder_id: CoderId | None) -> Edit:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("a review needs a name")
    with project.write():
        record = _recorder(project, [review_id])
        now = utc_now()
        repo.rename(project, review_id, name, now)
        changelog.log(
            project, coder_id, "update", "review", review_id, f"review renamed '{name}'", at=now
        )
        return record.edit()


def group_documents(project: Project, document_ids: list[str], coder_id: CoderId | None) -> Edit:
    """Put documents into one review: the first document's. Attribute values the kept
    review lacks are taken from the others; reviews left with no document are deleted, and
    their case-data records and recommendations move to the kept review."""
    if len(document_ids) < 2:
        raise InvalidInputError("choose at least two documents to group into one review")
    with project.write():
        reviews = [review_of(project, d).id for d in document_ids]
        target = reviews[0]
        others = [r for r in dict.fromkeys(reviews) if r != target]
        record = _recorder(project, [target, *others])
        now = utc_now()
        repo.move_documents(project, document_ids, target, now)
        for other in others:
            attributes.copy_missing(project, target, other, now)
            if not repo.documents_of(project, other):  # its case data goes with its documents
                case_repo.move_records(project, other, target, now)
                rec_repo.move_to_review(project, other, target, now)
            if repo.delete_if_empty(project, other):
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
        return record.edit(Changes.of(review=[target, *others]))


def separate_document(project: Project, document_id: str, coder_id: CoderId | None) -> Edit:
    """Give a document a review of its own (named after it), leaving its former review."""
    with project.write():
        review = review_of(project, document_id)
        if len(review.document_ids) == 1:
            raise InvalidInputError("the document is already a review of its own")
        record = _recorder(project, [review.id])
        title = documents.get_document(project, document_id).title
        new = new_id()
        now = utc_now()
        repo.insert_review(project, new, title, now)
        repo.move_documents(project, [document_id], new, now)
        changelog.log(
            project, coder_id, "create", "review", new, f"review '{title}' separated", at=now
        )
        record.created(repo.TABLE, [new])
        return record.edit(Changes.of(review=[review.id, new]))
