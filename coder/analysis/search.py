"""Search across every document of a project: hits in context, from the same matcher as
``autocode`` (the full-text index only narrows the documents)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from coder.coding.autocode import candidate_documents, check_kinds, in_sections
from coder.ids import DocumentId
from coder.project import documents, structure
from coder.project.store import Project
from coder.project.structure import Locations
from coder.text.matcher import Query, matches

CONTEXT = 60


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: DocumentId
    title: str
    page: int
    start: int
    end: int
    before: str
    match: str
    after: str
    paragraph: str = ""  # the numbered paragraph the hit starts in, if any
    section_kind: str = ""


def search(
    project: Project, query: Query, limit: int = 5000, section_kinds: Iterable[str] | None = None
) -> list[Hit]:
    """Hits by document title, then position; it stops at ``limit`` hits, so a common
    phrase answers as fast as a rare one. With ``section_kinds``, only hits that start in a
    section of those kinds."""
    kinds = check_kinds(section_kinds)
    candidates = candidate_documents(project, query)
    titles = documents.titles(project)
    where = Locations(project)
    hits: list[Hit] = []
    for doc_id in candidates:
        text = documents.document_text(project, doc_id)
        found = list(matches(query, text))
        if kinds and found:
            found = in_sections(project, {doc_id: found}, kinds).get(doc_id, [])
        if not found:
            continue
        locator = where.locator(doc_id)
        starts = structure.page_starts(project, doc_id)
        for s, e in found:
            para = locator.paragraph_at(s)
            heading = locator.heading_at(s)
            hits.append(
                Hit(
                    doc_id,
                    titles[doc_id],
                    max(bisect_right(starts, s), 1),
                    s,
                    e,
                    _squash(text[max(0, s - CONTEXT) : s]),
                    _squash(text[s:e]),
                    _squash(text[e : e + CONTEXT]),
                    para.number if para else "",
                    heading.kind if heading else "",
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def _squash(text: str) -> str:
    """Context on one line: line and page breaks become spaces."""
    return " ".join(text.split())
