"""Retrieval: every coded excerpt for a code (and, optionally, its sub-codes)."""

from __future__ import annotations

from dataclasses import dataclass

from coder.ids import CodeId, CodingId, DocumentId
from coder.project import codes
from coder.project.memos import coding_memo_texts
from coder.project.segments import segment_rows
from coder.project.store import Project
from coder.project.structure import Locations


@dataclass(frozen=True, slots=True)
class Excerpt:
    coding_id: CodingId
    document_id: DocumentId
    document_title: str
    code_id: CodeId
    code_path: str
    coder: str
    kind: str
    page_start: int
    page_end: int
    char_start: int | None
    char_end: int | None
    quote: str
    effect: str | None
    memo: str
    section: str = ""
    section_kind: str = ""
    paragraph: str = ""
    paragraph_end: str = ""
    judgement: str | None = None


def excerpts(
    project: Project,
    code_id: str,
    include_subcodes: bool = True,
    coders: set[str] | None = None,
    effects: set[str | None] | None = None,
    section_kinds: set[str] | None = None,
) -> list[Excerpt]:
    """Excerpts by document title, page and position. ``coders`` filters by coder name;
    ``effects`` by effect (``None`` for codings without one); ``section_kinds`` by the kind
    of section they start in."""
    with project.read():
        tree = codes.code_tree(project)
        ids = [code_id, *tree.descendants(code_id)] if include_subcodes else [code_id]
        rows = list(segment_rows(project, code_ids=ids))
        memos = coding_memo_texts(project)
    out = []
    where = Locations(project)
    for row in rows:
        if coders is not None and row.coder not in coders:
            continue
        if effects is not None and row.effect not in effects:
            continue
        at = where.locate(row.document_id, row.char_start, row.char_end, row.page_start)
        if section_kinds is not None and at.section_kind not in section_kinds:
            continue
        out.append(
            Excerpt(
                CodingId(row.coding_id),
                DocumentId(row.document_id),
                row.document_title,
                CodeId(row.code_id),
                tree.path(row.code_id),
                row.coder,
                row.kind,
                row.page_start,
                row.page_end,
                row.char_start,
                row.char_end,
                row.quote,
                row.effect,
                "\n\n".join(memos.get(row.coding_id, ())),
                at.section,
                at.section_kind,
                at.paragraph,
                at.paragraph_end,
                row.judgement,
            )
        )
    return out
