"""The lines of a document as detection sees them, built from the stored text model.

A line is what PyMuPDF grouped as a line (the stored running line number); lines that
sit side by side on one baseline (a hanging paragraph number and its text, a contents
entry and its page number) are joined into one visual line.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from coder.pdf.geometry import LineStyles, PageWords


@dataclass(frozen=True, slots=True)
class PageInput:
    """One stored page: its number (1-based), size, first offset in the document's text,
    words and the font of each line (None when not known)."""

    number: int
    width: float
    height: float
    char_start: int
    words: PageWords
    styles: LineStyles | None


@dataclass(slots=True)
class Line:
    page: int
    start: int  # document offsets, end exclusive
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # points; from the box height where the font is not known
    bold: bool
    block_start: bool  # the first line of a block (or of a page)
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def same_style(self, other: Line) -> bool:
        return abs(self.size - other.size) < 0.3 and self.bold == other.bold


def page_lines(page: PageInput, text: str) -> list[Line]:
    """The visual lines of a page, in reading order."""
    words, styles = page.words, page.styles
    n = words.count
    raw: list[Line] = []
    if n:
        spans, boxes = words.spans, words.boxes
        line_of, starts, ends = spans[2::3], spans[0::3], spans[1::3]
        x0s, y0s, x1s, y1s = boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]
        # running line numbers rise by one from 0: each line's words by bisection, and
        # its box from slices (per line, not per word: this is the hot loop of detection)
        bounds = [bisect_left(line_of, k) for k in range(line_of[-1] + 1)] + [n]
        prev_end = None
        for line in range(len(bounds) - 1):
            a, b = bounds[line], bounds[line + 1]
            if a == b:
                continue
            y0, y1 = min(y0s[a:b]), max(y1s[a:b])
            if styles is not None and line < styles.count and styles.size(line) > 0:
                size, bold = styles.size(line), styles.bold(line)
            else:  # a word box is about 1.16 em tall in common fonts
                size, bold = round((y1 - y0) / 1.16, 1), False
            ws = starts[a]
            block_start = prev_end is None or ws - prev_end > 1
            raw.append(
                Line(
                    page.number,
                    ws,
                    ends[b - 1],
                    min(x0s[a:b]),
                    y0,
                    max(x1s[a:b]),
                    y1,
                    size,
                    bold,
                    block_start,
                    "",
                )
            )
            prev_end = ends[b - 1]
    merged: list[Line] = []
    for ln in raw:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and ln.x0 > prev.x1 - 1
            and abs((ln.y0 + ln.y1) - (prev.y0 + prev.y1)) / 2 < 0.3 * max(ln.height, 1.0)
        ):
            # side by side on one baseline: keep the style of the longer part
            if ln.end - ln.start > prev.end - prev.start:
                prev.size, prev.bold = ln.size, ln.bold
            prev.end, prev.x1 = ln.end, ln.x1
            prev.y0, prev.y1 = min(prev.y0, ln.y0), max(prev.y1, ln.y1)
        else:
            merged.append(ln)
    base = page.char_start
    for ln in merged:
        ln.start += base
        ln.end += base
        ln.text = " ".join(text[ln.start : ln.end].split())
    return merged
