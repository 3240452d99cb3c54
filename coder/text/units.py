"""Text positions as other tools count them, and back to Python string indices.

REFI-QDA counts Unicode code points (what a Python ``str`` indexes). NVivo counts UTF-16
code units (an emoji is two), and ATLAS.ti and MAXQDA are said to count a ``\\r\\n`` as one
position. ``detect_unit`` picks the counting under which a file's selections fall on word
and line boundaries most often; ``Positions`` converts."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

UNITS = ("codepoint", "utf16", "crlf")


class Positions:
    """Converts a position counted in ``unit`` into an index into ``text``."""

    def __init__(self, text: str, unit: str) -> None:
        if unit not in UNITS:
            raise ValueError(unit)
        self.text = text
        self.unit = unit
        self._before: list[int] | None = None  # units before each index, when they differ
        # decided once: each lookup is then a bisection, never a scan of the text (an
        # import converts thousands of positions per source)
        self._needed = _differs(text, unit)

    def _table(self) -> list[int]:
        if self._before is None:
            before, n = [], 0
            text = self.text
            for i, ch in enumerate(text):
                before.append(n)
                if self.unit == "utf16":
                    n += 2 if ord(ch) > 0xFFFF else 1
                elif not (ch == "\n" and i and text[i - 1] == "\r"):
                    n += 1
            before.append(n)
            self._before = before
        return self._before

    def needed(self) -> bool:
        """Whether positions in this unit differ from string indices in this text."""
        return self._needed

    def length(self) -> int:
        return self._table()[-1] if self.needed() else len(self.text)

    def index(self, position: int) -> int:
        """The string index of a position (a position inside a character: that character)."""
        if not self.needed():
            return position
        table = self._table()
        return max(0, bisect_right(table, position) - 1)

    def position(self, index: int) -> int:
        """The position of a string index, in this unit."""
        if not self.needed():
            return index
        return self._table()[index]


def _differs(text: str, unit: str) -> bool:
    if unit == "utf16":
        return any(ord(ch) > 0xFFFF for ch in text)
    if unit == "crlf":
        return "\r\n" in text
    return False


def _boundary(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    return a.isspace() or b.isspace() or (a.isalnum() != b.isalnum())


def boundary_score(text: str, spans: Iterable[tuple[int, int]], unit: str) -> int:
    """How many spans, read in ``unit``, lie inside the text and start and end on a word or
    line boundary."""
    pos = Positions(text, unit)
    limit = pos.length()
    score = 0
    for start, end in spans:
        if 0 <= start < end <= limit:
            s, e = pos.index(start), pos.index(end)
            if _boundary(text, s) and _boundary(text, e):
                score += 1
    return score


def detect_unit(texts_and_spans: list[tuple[str, list[tuple[int, int]]]], hint: str = "") -> str:
    """The counting that fits a file's selections best; ties go to ``hint`` (a vendor's
    known habit), then to code points (the standard)."""
    scores = {u: 0 for u in UNITS}
    differs = {u: False for u in UNITS}
    for text, spans in texts_and_spans:
        for unit in UNITS:
            if unit != "codepoint" and Positions(text, unit).needed():
                differs[unit] = True
            scores[unit] += boundary_score(text, spans, unit)
    candidates = ["codepoint"] + [u for u in ("utf16", "crlf") if differs[u]]
    best = max(scores[u] for u in candidates)
    tied = [u for u in candidates if scores[u] == best]
    if hint in tied:
        return hint
    return "codepoint" if "codepoint" in tied else tied[0]
