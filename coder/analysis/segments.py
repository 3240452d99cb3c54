"""The segments table: one row per coding."""

from __future__ import annotations

from collections.abc import Iterator

from coder.coding.reviews import attribute_values, list_attributes
from coder.project import codes
from coder.project import segments as repo
from coder.project.memos import coding_memo_texts
from coder.project.store import Project
from coder.project.structure import Locations
from coder.structure.model import cite

#: Column order is part of the documented contract (``coder.project.segments``); new
#: columns go at the end.
SEGMENT_COLUMNS = repo.SEGMENT_COLUMNS

#: Where a coding sits in its review's structure, and its citation. A pooled export puts
#: them after ``project``, so that every earlier column keeps its place.
STRUCTURE_COLUMNS = ("section", "section_kind", "paragraph", "paragraph_end", "citation")

#: The coding's practice judgement (issue 16), after the structure columns for the same
#: reason: every earlier column keeps its place.
JUDGEMENT_COLUMNS = ("judgement",)

MEMO_JOIN = "\n\n"


def segment_header(project: Project) -> list[str]:
    """The columns: ``SEGMENT_COLUMNS``, ``STRUCTURE_COLUMNS``, ``JUDGEMENT_COLUMNS``, then
    ``attr:<name>`` per review attribute."""
    return [
        *SEGMENT_COLUMNS,
        *STRUCTURE_COLUMNS,
        *JUDGEMENT_COLUMNS,
        *(f"attr:{a.name}" for a in list_attributes(project)),
    ]


def segment_rows(project: Project) -> Iterator[tuple[object, ...]]:
    """Rows in ``segment_header`` order: documents by title, codings by page and position
    (the one segment query, ``coder.project.segments``, formatted)."""
    with project.read():
        tree = codes.code_tree(project)
        memos = coding_memo_texts(project)
        specs = list_attributes(project)
        values = attribute_values(project)
        where = Locations(project)
        attrs: dict[str, tuple[str, ...]] = {}
        for row in repo.segment_rows(project):
            if row.review_id not in attrs:
                own = values.get(row.review_id, {})
                attrs[row.review_id] = tuple(s.format(own.get(s.id)) for s in specs)
            at = where.locate(row.document_id, row.char_start, row.char_end, row.page_start)
            yield (
                row.coding_id,
                row.document_id,
                row.document_title,
                row.document_sha256,
                row.code_id,
                tree.path(row.code_id),
                row.coder,
                row.effect or "",
                row.page_start,
                row.page_end,
                row.char_start,
                row.char_end,
                row.quote,
                MEMO_JOIN.join(memos.get(row.coding_id, ())),
                row.created_at,
                row.review_id,
                row.review_name,
                row.kind,
                row.rects,
                row.modified_at,
                at.section,
                at.section_kind,
                at.paragraph,
                at.paragraph_end,
                cite(row.document_title, at, row.page_start, row.page_end),
                row.judgement or "",
                *attrs[row.review_id],
            )
