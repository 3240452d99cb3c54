"""The one segment query: every coding with its document, review and coder, as
``SegmentRow``s. The segments export, the coded excerpts and the analysis pool are
filters and formats over it.

``SEGMENT_COLUMNS`` is the published column list of ``export --segments`` (the README
documents it; the order is part of the contract, new columns go at the end).
``SegmentRow`` carries the stored ones, in that order; the export fills ``code_path``
(from the code tree) and ``memo`` (from the memos) itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import NamedTuple

from coder.project.store import Project

SEGMENT_COLUMNS = (
    "coding_id",
    "document_id",
    "document_title",
    "document_sha256",
    "code_id",
    "code_path",
    "coder",
    "effect",
    "page_start",
    "page_end",
    "char_start",
    "char_end",
    "quote",
    "memo",
    "created_at",
    "review_id",
    "review_name",
    "kind",
    "rects",
    "modified_at",
)

#: published columns the query does not read: the export derives them
DERIVED_COLUMNS = ("code_path", "memo")


class SegmentRow(NamedTuple):
    """One coding as the segment query reads it: the stored ``SEGMENT_COLUMNS`` in their
    published order, then the judgement (issue 16). ``effect`` and ``judgement`` are None
    where unset; ``rects`` is the stored JSON."""

    coding_id: str
    document_id: str
    document_title: str
    document_sha256: str
    code_id: str
    coder: str
    effect: str | None
    page_start: int
    page_end: int
    char_start: int | None
    char_end: int | None
    quote: str
    created_at: str
    review_id: str
    review_name: str
    kind: str
    rects: str
    modified_at: str
    judgement: str | None


_CODING_FIELDS = (
    "c.id, c.code_id, k.name, c.effect, c.page_start, c.page_end, c.char_start, c.char_end, "
    "c.quote, c.created_at, c.kind, c.rects, c.modified_at, c.judgement"
)
_CHUNK = 400


def segment_rows(
    project: Project,
    code_ids: Collection[str] | None = None,
    document_ids: Collection[str] | None = None,
) -> Iterator[SegmentRow]:
    """Every coding (of ``code_ids``, in ``document_ids``, when given): documents by title,
    codings by page and position, ties by creation then rowid.

    Queried per document over the ``codings_document`` index rather than as one big join
    and sort: the quotes make rows wide, and sorting them costs more than the rows. Call
    inside ``project.read()`` for one consistent snapshot.
    """
    conn = project.conn
    docs = conn.execute(
        "SELECT d.id, d.title, d.sha256, r.id, r.name FROM documents d "
        "JOIN reviews r ON r.id = d.review_id ORDER BY d.title, d.rowid"
    ).fetchall()
    wanted = None if document_ids is None else set(document_ids)
    codes = None if code_ids is None else list(dict.fromkeys(code_ids))
    for did, title, sha, rid, rname in docs:
        if wanted is not None and did not in wanted:
            continue
        for fields in _codings_of(project, did, codes):
            (cid, code_id, coder, effect, p0, p1, s, e, quote, made, kind, rects, mod, judged) = (
                fields
            )
            yield SegmentRow(
                cid,
                did,
                title,
                sha,
                code_id,
                coder,
                effect,
                p0,
                p1,
                s,
                e,
                quote,
                made,
                rid,
                rname,
                kind,
                rects,
                mod,
                judged,
            )


def _codings_of(project: Project, document_id: str, code_ids: list[str] | None) -> list[tuple]:
    sql = (
        f"SELECT {_CODING_FIELDS} FROM codings c JOIN coders k ON k.id = c.coder_id "
        "WHERE c.document_id = ?"
    )
    order = " ORDER BY c.page_start, c.char_start, c.created_at, c.rowid"
    if code_ids is None or len(code_ids) > _CHUNK:  # many codes: filter the document's rows
        rows = project.conn.execute(sql + order, [document_id]).fetchall()
        if code_ids is None:
            return rows
        wanted = set(code_ids)
        return [r for r in rows if r[1] in wanted]
    marks = ",".join("?" * len(code_ids))
    return project.conn.execute(
        f"{sql} AND c.code_id IN ({marks}){order}", [document_id, *code_ids]
    ).fetchall()
