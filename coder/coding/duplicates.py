"""A person's decision on a suggested pair of documents: the same review (the second
document joins the first's review), a duplicate (the second's review is removed from the
sample as a duplicate of the first's), or different (never suggested again)."""

from __future__ import annotations

from coder.coding.reviews import group_documents
from coder.errors import InvalidInputError
from coder.project import changelog, coders, documents
from coder.project import duplicates as repo
from coder.project import provenance as prov
from coder.project.clock import utc_now
from coder.project.duplicates import PairDecision
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

LABELS = {
    "same_review": "one review",
    "duplicate": "duplicates (the second removed)",
    "different": "different reviews",
}


def decide(project: Project, first: str, second: str, decision: str, coder_name: str) -> Edit:
    """Record and apply a decision on the pair (``first`` is kept; ``second`` joins it, or
    its review is removed as a duplicate). One transaction; returns the edit (undo puts the
    reviews, documents and decision rows back). Raises InvalidInputError for a decision
    that does not fit, NotFoundError for an unknown document."""
    if decision not in repo.DECISIONS:
        raise InvalidInputError(f"decide {', '.join(repo.DECISIONS)}, not '{decision}'")
    if first == second:
        raise InvalidInputError("name two different documents")
    with project.write():
        doc_a = documents.get_document(project, first)
        doc_b = documents.get_document(project, second)
        coder = coders.ensure_coder(project, coder_name)
        now = utc_now()
        removed = None
        if decision != "different" and doc_a.review_id == doc_b.review_id:
            raise InvalidInputError(f"'{doc_a.title}' and '{doc_b.title}' are one review already")
        a, b = sorted((doc_a.id, doc_b.id))
        record = Recorder(project)
        if not record.read(repo.DECISIONS_TABLE, [(a, b)]):
            record.created(repo.DECISIONS_TABLE, [(a, b)])
        grouped = Edit()
        if decision == "same_review":
            removed = prov.get(project, doc_b.review_id).repository
            grouped = group_documents(project, [doc_a.id, doc_b.id], coder.id)
        elif decision == "duplicate":
            if not record.read(repo.REMOVED, [doc_b.review_id]):
                record.created(repo.REMOVED, [doc_b.review_id])
            repo.write_review_duplicate(project, doc_b.review_id, doc_a.review_id, coder.id, now)
        repo.write_decision(project, PairDecision(a, b, decision, removed, coder.id, now))
        changelog.log(
            project,
            coder.id,
            "update",
            "document",
            doc_b.id,
            f"'{doc_a.title}' and '{doc_b.title}': {LABELS[decision]}",
            {"duplicate_decision": decision, "of": doc_a.id},
            at=now,
        )
        return grouped + record.edit()
