"""Placing a coding made on one stored text of a document on another stored text of the
same PDF (imported with a different text model): by its quote, then its context."""

from __future__ import annotations

import re

_CONTEXT = 60


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Reanchorer:
    """Finds ranges of ``old`` text in ``new`` text. Exact quotes first; failing that, the
    quote with its whitespace ignored (line breaks and spacing differ between text models)."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self._squeezed: tuple[str, list[int]] | None = None

    def place(self, start: int, end: int, quote: str) -> tuple[int, int] | None:
        """The range in the new text, or None when the quote is not there."""
        quote = quote or self.old[start:end]
        if not quote.strip():
            return None
        candidates = self._exact(quote)
        if not candidates:
            candidates = self._loose(quote)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        before = self.old[max(0, start - _CONTEXT) : start][::-1]
        after = self.old[end : end + _CONTEXT]
        scale = len(self.new) / max(1, len(self.old))

        def score(c: tuple[int, int]) -> tuple[int, float]:
            b = self.new[max(0, c[0] - _CONTEXT) : c[0]][::-1]
            a = self.new[c[1] : c[1] + _CONTEXT]
            match = _common_prefix(before, b) + _common_prefix(after, a)
            return (-match, abs(c[0] - start * scale))

        return min(candidates, key=score)

    def _exact(self, quote: str) -> list[tuple[int, int]]:
        found, at = [], self.new.find(quote)
        while at >= 0:
            found.append((at, at + len(quote)))
            at = self.new.find(quote, at + 1)
        return found

    def _loose(self, quote: str) -> list[tuple[int, int]]:
        squeezed, positions = self._squeeze()
        target = "".join(quote.split())
        if not target:
            return []
        found = []
        for m in re.finditer(re.escape(target), squeezed):
            s = positions[m.start()]
            e = positions[m.end() - 1] + 1
            found.append((s, e))
        return found

    def _squeeze(self) -> tuple[str, list[int]]:
        """The new text without whitespace, and where each kept character came from."""
        if self._squeezed is None:
            positions = [i for i, ch in enumerate(self.new) if not ch.isspace()]
            self._squeezed = ("".join(self.new[i] for i in positions), positions)
        return self._squeezed


def clamp(start: int, end: int, length: int) -> tuple[int, int]:
    """A non-empty range inside [0, length) near the given one (for a coding kept in place
    when it could not be re-anchored; its quote and rectangles still say what was coded)."""
    if length <= 0:
        return 0, 1
    start = min(max(0, start), length - 1)
    end = min(max(start + 1, end), length)
    return start, end
