"""The lines of a document as detection sees them, built from the stored text model.

A line is what PyMuPDF grouped as a line (the stored running line number); lines that
sit side by side on one baseline (a hanging paragraph number and its text, a contents
entry and its page number) are joined into one visual line.
"""

from __future__ import annotations

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
    spans, boxes = words.spans, words.boxes
    raw: list[Line] = []
    current = -1
    prev_end = None
    for i in range(words.count):
        ws, we, line = spans[3 * i], spans[3 * i + 1], spans[3 * i + 2]
        x0, y0, x1, y1 = boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]
        if line != current:
            current = line
            if styles is not None and line < styles.count and styles.size(line) > 0:
                size, bold = styles.size(line), styles.bold(line)
            else:  # a word box is about 1.16 em tall in common fonts
                size, bold = round((y1 - y0) / 1.16, 1), False
            block_start = prev_end is None or ws - prev_end > 1
            raw.append(Line(page.number, ws, we, x0, y0, x1, y1, size, bold, block_start, ""))
        else:
            ln = raw[-1]
            ln.end = we
            ln.x0, ln.y0 = min(ln.x0, x0), min(ln.y0, y0)
            ln.x1, ln.y1 = max(ln.x1, x1), max(ln.y1, y1)
        prev_end = we
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
