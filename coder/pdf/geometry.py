"""Stored word geometry of a page, and the rectangles a character range covers.

Per page, the words are stored as two little-endian arrays:

* ``word_boxes``: float32 ``x0, y0, x1, y1`` per word, PDF points in the page's
  unrotated coordinate space (origin top-left, as PyMuPDF reports words);
* ``word_spans``: uint32 ``start, end, line`` per word: code-point offsets into
  the page's text (end exclusive) and a running line number within the page.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

Rect = tuple[float, float, float, float]


def _to_bytes(values: array) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_bytes(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


@dataclass(frozen=True, slots=True)
class PageWords:
    """The words of one page: boxes (4 floats each) and spans (start, end, line each)."""

    boxes: array  # 'f'
    spans: array  # 'I', page-relative offsets

    @property
    def count(self) -> int:
        return len(self.spans) // 3

    def to_blobs(self) -> tuple[bytes, bytes]:
        return _to_bytes(self.boxes), _to_bytes(self.spans)

    @classmethod
    def from_blobs(cls, boxes: bytes, spans: bytes) -> PageWords:
        return cls(_from_bytes("f", boxes), _from_bytes("I", spans))

    def box(self, i: int) -> Rect:
        b = self.boxes
        return (b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3])

    def span(self, i: int) -> tuple[int, int, int]:
        s = self.spans
        return (s[3 * i], s[3 * i + 1], s[3 * i + 2])

    def starts(self) -> list[int]:
        return list(self.spans[0::3])

    def ends(self) -> list[int]:
        return list(self.spans[1::3])

    def word_at(self, offset: int) -> int | None:
        """The index of the word containing page offset ``offset``, or None."""
        starts = self.spans[0::3]
        i = bisect_right(starts, offset) - 1
        if i >= 0 and self.spans[3 * i] <= offset < self.spans[3 * i + 1]:
            return i
        return None

    def rects_for(self, start: int, end: int) -> list[Rect]:
        """Rectangles covering page offsets [start, end): one per line touched.

        A partly covered word is cut in proportion to its characters (the
        stored model keeps word boxes, not glyph boxes).
        """
        if end <= start or self.count == 0:
            return []
        ends = self.spans[1::3]
        starts = self.spans[0::3]
        first = bisect_right(ends, start)
        last = bisect_left(starts, end)
        rects: list[Rect] = []
        current_line = -1
        for i in range(first, last):
            ws, we, line = self.span(i)
            x0, y0, x1, y1 = self.box(i)
            lo, hi = max(ws, start), min(we, end)
            if hi <= lo:
                continue
            n = we - ws
            if n > 0 and (lo > ws or hi < we):
                width = x1 - x0
                x0, x1 = x0 + width * (lo - ws) / n, x0 + width * (hi - ws) / n
            if line == current_line:
                r = rects[-1]
                rects[-1] = (min(r[0], x0), min(r[1], y0), max(r[2], x1), max(r[3], y1))
            else:
                rects.append((x0, y0, x1, y1))
                current_line = line
        return rects


@dataclass(frozen=True, slots=True)
class LineStyles:
    """The font of each stored line of a page (by its running line number): float32
    ``size, flags`` per line, the size in points of the span holding most of the line's
    characters and its flags (``BOLD``, ``ITALIC``). Stored as ``pages.line_styles``."""

    values: array  # 'f', two per line

    BOLD = 1
    ITALIC = 2

    @property
    def count(self) -> int:
        return len(self.values) // 2

    def size(self, line: int) -> float:
        return self.values[2 * line]

    def bold(self, line: int) -> bool:
        return bool(int(self.values[2 * line + 1]) & self.BOLD)

    def to_blob(self) -> bytes:
        return _to_bytes(self.values)

    @classmethod
    def from_blob(cls, data: bytes) -> LineStyles:
        return cls(_from_bytes("f", data))


def offset_at(words: PageWords, x: float, y: float) -> int | None:
    """The page offset nearest to the point (x, y) in the unrotated page space.

    Inside a word: the character boundary nearest to x (in proportion to the word's
    characters). Elsewhere: the nearest boundary of the closest word on the closest
    line, so dragging in a margin or between columns still selects sensibly. None when
    the page has no words.
    """
    n = words.count
    if n == 0:
        return None
    b = words.boxes
    best_i = -1
    best = (float("inf"), float("inf"))
    for i in range(n):
        x0, y0, x1, y1 = b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]
        dy = 0.0 if y0 <= y <= y1 else min(abs(y - y0), abs(y - y1))
        dx = 0.0 if x0 <= x <= x1 else min(abs(x - x0), abs(x - x1))
        key = (dy, dx)
        if key < best:
            best, best_i = key, i
            if key == (0.0, 0.0):
                break
    start, end, _ = words.span(best_i)
    x0, _, x1, _ = words.box(best_i)
    if x <= x0:
        return start
    if x >= x1:
        return end
    chars = end - start
    return start + round((x - x0) / (x1 - x0) * chars) if x1 > x0 else start


def word_bounds(words: PageWords, offset: int) -> tuple[int, int] | None:
    """The page offsets of the word containing (or ending at) ``offset``."""
    i = words.word_at(offset)
    if i is None and offset > 0:
        i = words.word_at(offset - 1)
    if i is None:
        return None
    start, end, _ = words.span(i)
    return start, end
