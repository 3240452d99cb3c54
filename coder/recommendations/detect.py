"""Find the recommendations a review makes, from its stored lines and structure.

Three sources, in this order of trust:
1. action-plan tables (read with PyMuPDF's ``find_tables`` by the caller): a row whose
   recommendation column holds text is one recommendation; its owner, timescale and
   intended outcome come from the columns so headed;
2. "Recommendation N" (or "Rec N") at the start of a line, anywhere in the document,
   followed by ":", ".", a dash or the end of the line;
3. numbered items (``1.``, ``2)``, ``7.2``, ``R3``) under a heading of the
   `recommendations` kind (see coder.structure.kinds).

An item runs from its label to the line before the next item, the next heading, or the end
of its block when the block ends a sentence (a block that ends mid-sentence runs on, as an
item does across a page break). Lines in the top and bottom tenth of a page (running
headers, footers, page numbers) are left out of its text. Nothing here reads the project:
the caller passes lines, structure and tables.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coder.pdf.geometry import PageWords
from coder.pdf.tables import Cell, Table
from coder.project.recommendations import Addressee
from coder.recommendations.addressees import find_addressees, scope_of
from coder.structure.lines import Line
from coder.structure.model import Structure

RECOMMENDATIONS_KIND = "recommendations"

PATTERN = re.compile(
    r"^(?P<label>(?:Recommendation|Rec\.?)\s+(?:[A-Z]{0,2}\d{1,2}(?:\.\d{1,2})?[a-z]?))"
    r"\s*(?:[:.)\u2013\u2014-]\s*|$)",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(
    r"^(?P<label>R\d{1,2}(?:\.\d{1,2})?|\d{1,2}(?:\.\d{1,2}){0,2})(?P<stop>[.):])?\s+(?=\S)"
)
_END_OF_SENTENCE = re.compile(r"[.!?;]['\u2019\u201d)]?$")
_BAND = 0.1
_MIN_WORDS = 4  # a numbered item shorter than this is a heading or a stray number

#: column roles of an action-plan table, matched against its header cells (lower case)
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("label", re.compile(r"^(no\.?|number|ref(erence)?\.?|#|rec(ommendation)? (no\.?|number))$")),
    ("text", re.compile(r"\brecommendations?\b")),
    ("owner", re.compile(r"\b(lead|owner|responsib|agency)")),
    ("timescale", re.compile(r"\b(timescale|target date|deadline|by when|date|timeframe)")),
    ("outcome", re.compile(r"\b(outcome|success|measure|impact)")),
)


@dataclass(frozen=True, slots=True)
class Found:
    """A recommendation found in a document: its range (label included), page, label,
    text (label left out, lines joined) and what else the source gave."""

    start: int
    end: int
    page: int
    label: str
    text: str
    origin: str  # list, pattern or table
    addressees: tuple[Addressee, ...] = ()
    scope: str = "local"
    owner: str = ""
    timescale: str = ""
    outcome: str = ""


def detect_recommendations(
    lines: Sequence[Line],
    structure: Structure,
    heights: Mapping[int, float],
    tables: Sequence[Table] = (),
    words: Mapping[int, tuple[int, PageWords]] | None = None,
    text: str = "",
    forces: Sequence[str] = (),
) -> list[Found]:
    """Recommendations in one document, in text order. ``lines`` are its visual lines
    (coder.structure.lines.page_lines), ``heights`` each page's height, ``tables`` the
    action-plan tables found on its pages, ``words`` page -> (first offset, stored words)
    to place table cells in the text, ``forces`` the review's own police forces."""
    found = _from_tables(tables, words or {}, text, forces)
    taken = [(f.start, f.end) for f in found]
    for item in _from_lines(lines, structure, heights, forces):
        if not any(item.start < e and s < item.end for s, e in taken):
            found.append(item)
    found.sort(key=lambda f: (f.start, f.end))
    return found


# -- lines -------------------------------------------------------------------------


def _sections(structure: Structure, kind: str) -> list[tuple[int, int]]:
    """The text ranges under headings of ``kind`` (from a heading's end to the next
    heading's start)."""
    heads = structure.headings
    out = []
    for i, h in enumerate(heads):
        if h.kind == kind:
            end = heads[i + 1].start if i + 1 < len(heads) else 1 << 62
            out.append((h.end, end))
    return out


class _Ranges:
    """Sorted, non-overlapping ranges, asked whether they hold an offset (bisection)."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [a for a, _ in self._ranges]

    def holds(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ranges[i][1]


class _Item:
    def __init__(self, line: Line, label: str, origin: str, body: str) -> None:
        self.start = line.start
        self.end = line.end
        self.page = line.page
        self.label = label
        self.origin = origin
        self.parts = [body] if body else []

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _from_lines(
    lines: Sequence[Line],
    structure: Structure,
    heights: Mapping[int, float],
    forces: Sequence[str],
) -> list[Found]:
    rec_sections = _Ranges(_sections(structure, RECOMMENDATIONS_KIND))
    heading_ranges = _Ranges([(h.start, h.end) for h in structure.headings])
    out: list[Found] = []
    item: _Item | None = None

    def close() -> None:
        nonlocal item
        if item is not None:
            body = item.text
            if item.origin == "pattern" or len(body.split()) >= _MIN_WORDS:
                addressees = find_addressees(body, forces)
                out.append(
                    Found(
                        item.start,
                        item.end,
                        item.page,
                        item.label,
                        body,
                        item.origin,
                        addressees,
                        scope_of(body, addressees),
                    )
                )
        item = None

    last_page = None
    for ln in lines:
        if last_page is not None and ln.page > last_page + 1:
            close()  # the pages between were not read: nothing runs on across them
        last_page = ln.page
        height = heights.get(ln.page, 0.0)
        if height and (ln.y1 <= height * _BAND or ln.y0 >= height * (1 - _BAND)):
            continue  # page furniture: neither part of an item nor the end of one
        if heading_ranges.holds(ln.start):
            close()
            continue
        m = PATTERN.match(ln.text)
        if m:
            close()
            label = " ".join(m.group("label").split())
            item = _Item(ln, label, "pattern", ln.text[m.end() :].strip())
            continue
        if rec_sections.holds(ln.start):
            m = LIST_ITEM.match(ln.text)
            if m and (m.group("stop") or "." in m.group("label") or ln.block_start):
                close()
                item = _Item(ln, m.group("label"), "list", ln.text[m.end() :].strip())
                continue
        elif item is not None and item.origin == "list":
            close()  # a numbered list ends with its section
            continue
        if item is None:
            continue
        if ln.block_start and item.parts and _END_OF_SENTENCE.search(item.parts[-1]):
            close()
            continue
        item.parts.append(ln.text)
        item.end = ln.end
    close()
    return out


# -- action-plan tables ---------------------------------------------------------------


def _roles(header: Sequence[Cell]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, cell in enumerate(header):
        name = " ".join(cell.text.lower().split())
        for role, pattern in _COLUMNS:
            if role not in roles and pattern.search(name):
                roles[role] = col
                break
    return roles


def cell_range(
    bbox: tuple[float, float, float, float], page_start: int, words: PageWords
) -> tuple[int, int] | None:
    """The document range of the stored words whose centres fall in ``bbox``."""
    x0, y0, x1, y1 = bbox
    first = last = None
    for i in range(words.count):
        bx0, by0, bx1, by1 = words.box(i)
        cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            s, e, _ = words.span(i)
            first = s if first is None else min(first, s)
            last = e if last is None else max(last, e)
    if first is None or last is None:
        return None
    return page_start + first, page_start + last


def _cell(row: Sequence[Cell], roles: Mapping[str, int], role: str) -> Cell | None:
    col = roles.get(role)
    return row[col] if col is not None and col < len(row) else None


def _value(row: Sequence[Cell], roles: Mapping[str, int], role: str) -> str:
    c = _cell(row, roles, role)
    return " ".join(c.text.split()) if c is not None else ""


def _from_tables(
    tables: Sequence[Table],
    words: Mapping[int, tuple[int, PageWords]],
    text: str,
    forces: Sequence[str],
) -> list[Found]:
    out: list[Found] = []
    for table in tables:
        if len(table.rows) < 2 or table.page not in words:
            continue
        roles = _roles(table.rows[0])
        if "text" not in roles:
            continue
        page_start, page_words = words[table.page]
        for n, row in enumerate(table.rows[1:], 1):
            rec = _cell(row, roles, "text")
            if rec is None or rec.bbox is None or not rec.text.strip():
                continue
            span = cell_range(rec.bbox, page_start, page_words)
            if span is None:
                continue
            start, end = span
            body = " ".join(text[start:end].split())
            label = ""
            m = PATTERN.match(body)
            if m:
                label = " ".join(m.group("label").split())
                body = body[m.end() :].strip()
            number = _cell(row, roles, "label")
            if not label and number is not None and number.text.strip():
                label = " ".join(number.text.split())
            label = label or str(n)
            owner = _value(row, roles, "owner")
            addressees = find_addressees(f"{body} {owner}", forces)
            out.append(
                Found(
                    start,
                    end,
                    table.page,
                    label,
                    body,
                    "table",
                    addressees,
                    scope_of(body, addressees),
                    owner,
                    _value(row, roles, "timescale"),
                    _value(row, roles, "outcome"),
                )
            )
    return out
