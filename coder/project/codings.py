"""Codings as stored.

``rects`` is JSON: a list of ``[page, x0, y0, x1, y1]``, 1-based page, PDF points in
the page's unrotated space with the origin at the top-left, rounded to 0.01 pt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from coder.ids import CodeId, CoderId, CodingId, DocumentId
from coder.project.records import Coding, PageRect
from coder.project.store import Project
from coder.project.table import Table

COLUMNS = (
    "id",
    "document_id",
    "code_id",
    "coder_id",
    "kind",
    "char_start",
    "char_end",
    "page_start",
    "page_end",
    "rects",
    "quote",
    "effect",
    "created_at",
    "modified_at",
    "judgement",
)
_COLS = ", ".join(COLUMNS)


def rects_to_json(rects: Iterable[PageRect]) -> str:
    return json.dumps([[r.page, *(round(v, 2) for v in r.rect)] for r in rects])


def rounded(rects: Iterable[PageRect]) -> tuple[PageRect, ...]:
    """The rectangles as a coding's row stores them (to 0.01 pt): a record made with these
    is its row as stored, so its rows need not be read back for an ``Edit``."""
    out = []
    for r in rects:
        x0, y0, x1, y1 = r.rect
        out.append(PageRect(r.page, (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))))
    return tuple(out)


def rects_from_json(text: str) -> tuple[PageRect, ...]:
    return tuple(PageRect(int(r[0]), (r[1], r[2], r[3], r[4])) for r in json.loads(text))


def _coding(row: tuple) -> Coding:
    return Coding(
        CodingId(row[0]),
        DocumentId(row[1]),
        CodeId(row[2]),
        CoderId(row[3]),
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        rects_from_json(row[9]),
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
    )


def _row(c: Coding, exact: bool = True) -> tuple:
    """The row of a coding; ``exact`` keeps its rectangles' numbers as they are (a row read
    back and written again is the same bytes), else they are rounded as new ones are."""
    return (
        c.id,
        c.document_id,
        c.code_id,
        c.coder_id,
        c.kind,
        c.char_start,
        c.char_end,
        c.page_start,
        c.page_end,
        json.dumps([[r.page, *r.rect] for r in c.rects]) if exact else rects_to_json(c.rects),
        c.quote,
        c.effect,
        c.created_at,
        c.modified_at,
        c.judgement,
    )


TABLE = Table("codings", "coding", Coding, COLUMNS, rank=10, encode=_row, decode=_coding)


def insert_codings(project: Project, codings: Iterable[Coding]) -> None:
    """Insert new codings. Call inside ``write()``."""
    project.conn.executemany(
        f"INSERT INTO codings ({_COLS}) VALUES ({', '.join('?' * len(COLUMNS))})",
        [_row(c, exact=False) for c in codings],
    )


def get_coding(project: Project, coding_id: str) -> Coding | None:
    row = project.conn.execute(f"SELECT {_COLS} FROM codings WHERE id = ?", [coding_id]).fetchone()
    return _coding(row) if row else None


def list_codings(
    project: Project, document_id: str | None = None, code_id: str | None = None
) -> list[Coding]:
    sql = f"SELECT {_COLS} FROM codings"
    where, params = [], []
    if document_id:
        where.append("document_id = ?")
        params.append(document_id)
    if code_id:
        where.append("code_id = ?")
        params.append(code_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY document_id, page_start, char_start, created_at, rowid"
    return [_coding(r) for r in project.conn.execute(sql, params)]


def has_text_range(project: Project, coding: Coding) -> bool:
    """Whether this coder already coded exactly this range of the document with this code."""
    row = project.conn.execute(
        "SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? "
        "AND kind = 'text' AND char_start = ? AND char_end = ?",
        [coding.document_id, coding.code_id, coding.coder_id, coding.char_start, coding.char_end],
    ).fetchone()
    return row is not None


def text_ranges(
    project: Project, document_id: str, code_id: str, coder_id: str
) -> set[tuple[int, int]]:
    rows = project.conn.execute(
        "SELECT char_start, char_end FROM codings WHERE document_id = ? AND code_id = ? "
        "AND coder_id = ? AND kind = 'text'",
        [document_id, code_id, coder_id],
    )
    return {(s, e) for s, e in rows}


def text_codings_at(project: Project, document_id: str, start: int, end: int) -> list[str]:
    """The ids of the text codings of exactly [start, end) of a document, oldest first."""
    rows = project.conn.execute(
        "SELECT id FROM codings WHERE document_id = ? AND kind = 'text' AND char_start = ? "
        "AND char_end = ? ORDER BY rowid",
        [document_id, start, end],
    )
    return [r[0] for r in rows]


_SETTABLE = {"code_id", "effect", "judgement"}


def set_field(
    project: Project, coding_ids: list[str], column: str, value: object, now: str
) -> None:
    """Set ``code_id``, ``effect`` or ``judgement`` of codings. Call inside ``write()``."""
    if column not in _SETTABLE:
        raise ValueError(f"{column} is not a column to set on codings")
    project.conn.executemany(
        f"UPDATE codings SET {column} = ?, modified_at = ? WHERE id = ?",
        [(value, now, c) for c in coding_ids],
    )


def ids_of_codes(project: Project, code_ids: list[str]) -> list[str]:
    """The ids of the codings of these codes (not of their sub-codes), oldest first."""
    return [c.id for c in TABLE.where_in(project, "code_id", code_ids)]


def twin_on(project: Project, coding: Coding, code_id: str) -> CodingId | None:
    """The text coding of ``code_id`` by the same coder of exactly the same range, if any."""
    if coding.kind != "text":
        return None
    row = project.conn.execute(
        "SELECT id FROM codings WHERE code_id = ? AND document_id = ? AND coder_id = ? "
        "AND kind = 'text' AND char_start = ? AND char_end = ?",
        [code_id, coding.document_id, coding.coder_id, coding.char_start, coding.char_end],
    ).fetchone()
    return CodingId(row[0]) if row else None


def counts_by_document(project: Project) -> dict[DocumentId, int]:
    """Codings per document (documents without any are left out)."""
    rows = project.conn.execute("SELECT document_id, count(*) FROM codings GROUP BY document_id")
    return {DocumentId(d): n for d, n in rows}


@dataclass(frozen=True, slots=True)
class ExchangedCoding:
    """A coding as the REFI-QDA export writes it. ``rects`` is the JSON text as stored: the
    GUIDs of area selections are derived from those very bytes, and a text coding's
    rectangles, which the export does not need, are not decoded (an export reads them
    all)."""

    id: CodingId
    code_id: CodeId
    coder_id: CoderId
    kind: str
    char_start: int | None
    char_end: int | None
    rects: str
    effect: str | None
    created_at: str
    judgement: str | None


def exchanged_codings(project: Project, document_id: str) -> list[ExchangedCoding]:
    """A document's codings by first character (area codings, which have none, first),
    then page, then as made (rowid)."""
    rows = project.conn.execute(
        "SELECT id, code_id, coder_id, kind, char_start, char_end, rects, effect, created_at, "
        "judgement FROM codings WHERE document_id = ? ORDER BY char_start, page_start, rowid",
        [document_id],
    )
    return [ExchangedCoding(*r) for r in rows]


class CodingSpan(NamedTuple):
    """What agreement needs of a coding: where it lies, whose it is, what it quotes."""

    id: CodingId
    document_id: DocumentId
    code_id: CodeId
    coder_id: CoderId
    kind: str
    char_start: int | None
    char_end: int | None
    page_start: int
    rects: str  # as stored (JSON)
    quote: str


def spans_of_coders(project: Project, coder_ids: list[str]) -> Iterator[CodingSpan]:
    """The codings these coders made, as ``CodingSpan``s, in the table's order. Read as
    they are iterated (tens of thousands, each needed once): iterate inside the caller's
    ``read()``."""
    marks = ",".join("?" * len(coder_ids))
    rows = project.conn.execute(
        "SELECT id, document_id, code_id, coder_id, kind, char_start, char_end, page_start, "
        f"rects, quote FROM codings WHERE coder_id IN ({marks})",
        coder_ids,
    )
    return map(CodingSpan._make, rows)


def coders_by_document(project: Project, coder_ids: list[str]) -> dict[DocumentId, set[CoderId]]:
    """document -> which of these coders made at least one coding in it."""
    marks = ",".join("?" * len(coder_ids))
    coded: dict[DocumentId, set[CoderId]] = {}
    for doc, coder in project.conn.execute(
        f"SELECT DISTINCT document_id, coder_id FROM codings WHERE coder_id IN ({marks})",
        coder_ids,
    ):
        coded.setdefault(doc, set()).add(coder)
    return coded
