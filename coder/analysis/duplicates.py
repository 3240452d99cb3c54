"""Duplicate suggestions for a project: pairs of documents whose stored text is nearly the
same, or one inside the other (``coder.analysis.near_duplicates``), leaving out pairs a
person has decided on and documents already in one review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coder.analysis.near_duplicates import near_duplicates
from coder.ids import DocumentId
from coder.project import documents
from coder.project import duplicates as repo
from coder.project.store import Project


@dataclass(frozen=True)
class Suggestion:
    """``first`` is the one to keep: the earlier imported of two equal texts, the larger
    of a pair where one is inside the other."""

    first: DocumentId
    second: DocumentId
    first_title: str
    second_title: str
    kind: str  # 'same text' or 'contained'
    resemblance: float
    containment: float

    def as_json(self) -> dict[str, object]:
        return {
            "first": self.first,
            "second": self.second,
            "first_title": self.first_title,
            "second_title": self.second_title,
            "kind": self.kind,
            "resemblance": round(self.resemblance, 3),
            "containment": round(self.containment, 3),
        }


def suggest_duplicates(
    project: Project, progress: Callable[[int], bool] | None = None
) -> list[Suggestion]:
    """Undecided pairs, most alike first. ``progress`` as for ``near_duplicates``."""
    with project.read():
        texts = list(repo.texts(project))
        docs = {d.id: d for d in documents.list_documents(project)}
        decided = set(repo.list_decisions(project))
        removed = set(repo.list_review_duplicates(project))
    ids = [doc_id for doc_id, _ in texts]
    lengths = [len(text) for _, text in texts]
    pairs = near_duplicates((text for _, text in texts), progress)
    out = []
    for p in pairs:
        a, b = ids[p.a], ids[p.b]
        if tuple(sorted((a, b))) in decided:
            continue
        if docs[a].review_id == docs[b].review_id:
            continue
        if docs[a].review_id in removed or docs[b].review_id in removed:
            continue
        first, second = (a, b)
        if p.kind == "contained" and lengths[p.b] > lengths[p.a]:
            first, second = b, a
        out.append(
            Suggestion(
                first,
                second,
                docs[first].title,
                docs[second].title,
                p.kind,
                p.resemblance,
                p.containment,
            )
        )
    return out
