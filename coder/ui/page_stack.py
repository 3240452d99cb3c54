"""Where each page of a document sits in the page view's one continuous scroll, in pixels
at the current zoom. Qt-free arithmetic: the view lays the pages out with it, and the
painter, the mouse and the renderer ask it which pages are in view or under a point."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

GAP = 14.0  # between pages
MARGIN = 18.0  # above the first page, below the last, and at the sides


@dataclass
class PageStack:
    tops: list[float] = field(default_factory=list)
    sizes: list[tuple[float, float]] = field(default_factory=list)  # (width, height) in px
    height: float = MARGIN  # of everything, margins included
    width: float = 0.0  # of the widest page

    @classmethod
    def of(cls, sizes: Iterable[tuple[float, float]], scale: float) -> PageStack:
        """Pages of these displayed sizes (points, rotation applied) stacked top to bottom
        at ``scale`` pixels per point."""
        stack = cls()
        y = MARGIN
        for w, h in sizes:
            stack.tops.append(y)
            stack.sizes.append((w * scale, h * scale))
            y += h * scale + GAP
            stack.width = max(stack.width, w * scale)
        stack.height = y + MARGIN
        return stack

    def __len__(self) -> int:
        return len(self.tops)

    def visible(self, top: float, bottom: float) -> list[int]:
        """0-based indexes of the pages between ``top`` and ``bottom``, top to bottom."""
        if not self.tops:
            return []
        first = max(0, bisect_right(self.tops, top) - 1)
        out = []
        for i in range(first, len(self.tops)):
            if self.tops[i] > bottom:
                break
            if self.tops[i] + self.sizes[i][1] >= top:
                out.append(i)
        return out

    def index_at(self, y: float) -> int:
        """The 0-based page at height ``y``; between two pages, the nearer one."""
        i = max(0, bisect_right(self.tops, y) - 1)
        if i + 1 < len(self.tops) and y > self.tops[i] + self.sizes[i][1]:
            gap_mid = (self.tops[i] + self.sizes[i][1] + self.tops[i + 1]) / 2
            if y > gap_mid:
                i += 1
        return i

    def shown(self, i: int, top: float, bottom: float) -> float:
        """How many pixels of page ``i`` lie between ``top`` and ``bottom``."""
        return min(bottom, self.tops[i] + self.sizes[i][1]) - max(top, self.tops[i])
