"""Checks of every coding against the stored text and pages of its document: its range,
its pages and its rectangles, with the placement a fix would give it (``check_fix``)."""

from __future__ import annotations

import json
import math
import sqlite3
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from coder.pdf.geometry import PageWords
from coder.project.check import Finding
from coder.project.check_documents import stored_pages
from coder.project.documents import PageRow

_RECT_TOLERANCE = 0.02  # rectangles are stored rounded to 0.01 pt
_UNPLACED = "unplaced"  # coding_flags: a merge kept the coding where it could not place it


class Layout:
    """A document's text and pages, as the coding checks need them."""

    def __init__(self, text: str, pages: list[PageRow], pdf: bool) -> None:
        self.text = text
        self.pages = pages
        self.pdf = pdf
        self._starts = [p.char_start for p in pages]
        self._words: dict[int, PageWords | None] = {}

    def page_of(self, offset: int) -> int:
        return self.pages[max(bisect_right(self._starts, offset) - 1, 0)].page

    def rects(self, start: int, end: int) -> list[list[float]]:
        """``[page, x0, y0, x1, y1]`` for the range, as a coding stores them."""
        out: list[list[float]] = []
        first = max(bisect_right(self._starts, start) - 1, 0)
        for page in self.pages[first:]:
            if page.char_start >= end:
                break
            lo = max(start, page.char_start) - page.char_start
            hi = min(end, page.char_end) - page.char_start
            if page.page not in self._words:
                self._words[page.page] = page.words()
            words = self._words[page.page]
            if hi > lo and words is not None:
                out.extend([page.page, *(round(v, 2) for v in r)] for r in words.rects_for(lo, hi))
        return out

    def locatable(self, quote: str) -> bool:
        """Whether the quote occurs exactly once in the text (then a damaged range can be
        put back where the quote is)."""
        if not quote:
            return False
        first = self.text.find(quote)
        return first >= 0 and self.text.find(quote, first + 1) < 0


def layouts(conn: sqlite3.Connection) -> Iterator[tuple[str, Layout]]:
    for doc_id, kind, text in conn.execute(
        "SELECT d.id, d.kind, t.text FROM documents d JOIN document_texts t ON t.document_id = d.id"
    ).fetchall():
        yield doc_id, Layout(text, stored_pages(conn, doc_id), kind == "pdf")


@dataclass(frozen=True)
class CodingRow:
    id: str
    document_id: str
    kind: str
    char_start: int | None
    char_end: int | None
    page_start: int
    page_end: int
    rects: str
    quote: str


@dataclass(frozen=True)
class Placement:
    """Where a coding belongs: what ``check --fix`` writes back."""

    char_start: int
    char_end: int
    page_start: int
    page_end: int
    rects: list[list[float]]
    quote: str


@dataclass(frozen=True)
class CodingProblem:
    kind: str
    message: str
    repair: Placement | None  # None when it cannot be repaired safely


def coding_rows(conn: sqlite3.Connection) -> list[CodingRow]:
    return [
        CodingRow(*r)
        for r in conn.execute(
            "SELECT id, document_id, kind, char_start, char_end, page_start, page_end, rects, "
            "quote FROM codings ORDER BY rowid"
        ).fetchall()
    ]


def unplaced_codings(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT coding_id FROM coding_flags WHERE flag = ?", [_UNPLACED])
    return {r[0] for r in rows}


def check_codings(conn: sqlite3.Connection) -> list[Finding]:
    out: list[Finding] = []
    docs = dict(layouts(conn))
    pages = dict(conn.execute("SELECT id, pages FROM documents").fetchall())
    unplaced = unplaced_codings(conn)
    for row in coding_rows(conn):
        problem = coding_problem(
            docs.get(row.document_id), pages.get(row.document_id), row, row.id in unplaced
        )
        if problem:
            out.append(
                Finding(
                    problem.kind,
                    f"coding {row.id}: {problem.message}",
                    "codings",
                    row.id,
                    problem.repair is not None,
                )
            )
    return out


def coding_problem(
    doc: Layout | None, n_pages: int | None, row: CodingRow, unplaced: bool
) -> CodingProblem | None:
    """The first problem with one coding, and how to repair it, or None."""
    if doc is None or n_pages is None:
        return None  # a foreign-key finding already says so
    start, end, p0, p1, quote = (
        row.char_start,
        row.char_end,
        row.page_start,
        row.page_end,
        row.quote,
    )
    try:
        rects = json.loads(row.rects)
        readable = isinstance(rects, list) and all(
            isinstance(r, list) and len(r) == 5 and all(_number(v) for v in r) for r in rects
        )
    except ValueError:
        readable = False
    if not readable:
        return CodingProblem("coding_rects", "its rectangles are not readable", _repair(doc, row))
    if not (1 <= p0 <= p1 <= n_pages) or not all(p0 <= r[0] <= p1 for r in rects):
        return CodingProblem(
            "coding_pages", f"its pages {p0}-{p1} do not hold its rectangles", _repair(doc, row)
        )
    if row.kind != "text" or unplaced:
        return None
    assert start is not None and end is not None
    if not (0 <= start < end <= len(doc.text)):
        return CodingProblem(
            "coding_range",
            f"its range {start}-{end} is outside the text (0-{len(doc.text)})",
            _repair(doc, row),
        )
    if doc.text[start:end] != quote:
        return CodingProblem(
            "coding_quote", f"its quote differs from the text at {start}-{end}", _repair(doc, row)
        )
    if doc.pdf and not _placed(doc, start, end, p0, p1, rects):
        return CodingProblem(
            "coding_rects", f"its pages or rectangles do not match {start}-{end}", _repair(doc, row)
        )
    return None


def _placed(doc: Layout, start: int, end: int, p0: int, p1: int, rects: list) -> bool:
    """Whether the stored pages and rectangles are those of the range."""
    return (doc.page_of(start), doc.page_of(end - 1)) == (p0, p1) and _same_rects(
        doc.rects(start, end), rects
    )


def _repair(doc: Layout, row: CodingRow) -> Placement | None:
    """Where the coding belongs, when that can be known: the range when the text there is
    its quote, or its pages and rectangles confirm it (then the quote was damaged); else
    the one place in the text where its quote occurs. None when neither holds."""
    if row.kind != "text":
        return None
    start, end, text = row.char_start, row.char_end, doc.text
    valid = start is not None and end is not None and 0 <= start < end <= len(text)
    if valid:
        assert start is not None and end is not None
        if text[start:end] == row.quote:
            return _placement(doc, start, end)
        if doc.pdf:
            try:
                rects = json.loads(row.rects)
                if _placed(doc, start, end, row.page_start, row.page_end, rects):
                    return _placement(doc, start, end)
            except (ValueError, TypeError, IndexError):
                pass
    if doc.locatable(row.quote):
        at = text.find(row.quote)
        return _placement(doc, at, at + len(row.quote))
    return None


def _placement(doc: Layout, start: int, end: int) -> Placement:
    if not doc.pdf:
        return Placement(start, end, 1, 1, [], doc.text[start:end])
    return Placement(
        start,
        end,
        doc.page_of(start),
        doc.page_of(end - 1),
        doc.rects(start, end),
        doc.text[start:end],
    )


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _same_rects(a: list[list[float]], b: list) -> bool:
    return len(a) == len(b) and all(
        isinstance(y, list)
        and len(y) == 5
        and x[0] == y[0]
        and all(abs(p - q) <= _RECT_TOLERANCE for p, q in zip(x[1:], y[1:], strict=True))
        for x, y in zip(a, b, strict=True)
    )
