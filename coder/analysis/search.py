"""Search across every document of a project: hits in context, from the same matcher as
``autocode`` (the full-text index only narrows the documents)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from coder.coding.autocode import find_matches
from coder.ids import DocumentId
from coder.project.store import Project
from coder.text.matcher import Query

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


def search(project: Project, query: Query, limit: int = 5000) -> list[Hit]:
    """Hits by document title, then position; at most ``limit``."""
    found = find_matches(project, query)
    if not found:
        return []
    conn = project.conn
    titles = dict(conn.execute("SELECT id, title FROM documents"))
    hits: list[Hit] = []
    for doc_id in sorted(found, key=lambda d: (titles[d].casefold(), d)):
        starts = [
            r[0]
            for r in conn.execute(
                "SELECT char_start FROM pages WHERE document_id = ? ORDER BY page", [doc_id]
            )
        ]
        text = conn.execute(
            "SELECT text FROM document_texts WHERE document_id = ?", [doc_id]
        ).fetchone()[0]
        for s, e in found[doc_id]:
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
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def _squash(text: str) -> str:
    """Context on one line: line and page breaks become spaces."""
    return " ".join(text.split())
