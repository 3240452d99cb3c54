"""What the reader has selected in a document: a range of its text between an anchor and a
focus, or an area (a rectangle on one page). Qt-free: the page view's mouse and keyboard
update it and its painter reads it, so the rules (whole words, a word at a time, an area
replacing the text) live here and are tested without a window."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from coder.coding.locate import DocumentGeometry
from coder.pdf.geometry import offset_at, word_bounds

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class AreaSelection:
    """A rectangle on 1-based ``page``, in unrotated page space (points)."""

    page: int
    rect: Rect


class Selection:
    """The selection in one document's text: ``anchor`` where it began, ``focus`` where it
    ends now (either may come first), or an ``area``; never both. Ranges made by pointer or
    by word keys snap to whole words (researchers code words, and a pointer rarely lands on
    a character boundary); ``select_range`` keeps the exact range it is given."""

    def __init__(self, geometry: DocumentGeometry | None = None) -> None:
        self.geometry = geometry
        self.anchor: int | None = None
        self.focus: int | None = None
        self.area: AreaSelection | None = None
        self.snap_words = True
        self._word_ends: tuple[list[int], list[int]] | None = None

    def set_document(self, geometry: DocumentGeometry | None) -> None:
        """Another document (or none): nothing is selected in it yet."""
        self.geometry = geometry
        self._word_ends = None
        self.clear()

    # -- what is selected ------------------------------------------------------------------

    def range(self) -> tuple[int, int] | None:
        """The selected text [start, end), or None (nothing, an empty range, or an area)."""
        if self.anchor is None or self.focus is None or self.anchor == self.focus:
            return None
        start, end = min(self.anchor, self.focus), max(self.anchor, self.focus)
        return self._snap(start, end) if self.snap_words else (start, end)

    def text(self) -> str:
        """The selected text ("" when none)."""
        sel = self.range()
        if sel is None or self.geometry is None:
            return ""
        return self.geometry.text[sel[0] : sel[1]]

    def contains(self, offset: int | None) -> bool:
        """Whether ``offset`` lies inside the selected text."""
        sel = self.range()
        return sel is not None and offset is not None and sel[0] <= offset < sel[1]

    # -- changing it -----------------------------------------------------------------------

    def clear(self) -> None:
        self.anchor = self.focus = None
        self.area = None

    def press(self, offset: int | None, extend: bool = False) -> None:
        """A press on the text at ``offset`` (None: off the text): a new, empty range there
        with no area; with ``extend`` (Shift) and a range begun, its focus moves there
        instead. Either way the range snaps to words from now on."""
        self.snap_words = True
        if extend and self.anchor is not None:
            if offset is not None:
                self.focus = offset
        else:
            self.anchor = self.focus = offset
            self.area = None

    def drag_to(self, offset: int | None) -> bool:
        """The pointer dragged to ``offset``: the focus follows (off the text it stays).
        Whether the selection changed."""
        if offset is None or offset == self.focus:
            return False
        self.focus = offset
        return True

    def select_range(self, start: int, end: int) -> None:
        """Exactly [start, end), not snapped to words."""
        self.snap_words = False
        self.anchor, self.focus = start, end
        self.area = None

    def select_area(self, area: AreaSelection | None) -> None:
        """An area replaces any selected text (None: no area)."""
        self.area = area
        if area is not None:
            self.anchor = self.focus = None

    def select_word_at(self, page: int, x: float, y: float) -> bool:
        """A double click: the word under the point (page space) of 1-based ``page``,
        exactly. Whether there was a word there."""
        if self.geometry is None:
            return False
        words = self.geometry.words(page)
        local = offset_at(words, x, y)
        bounds = word_bounds(words, local) if local is not None else None
        if not bounds:
            return False
        base = self.geometry.pages[page - 1].char_start
        self.select_range(base + bounds[0], base + bounds[1])
        return True

    def extend_by_word(self, step: int, page: int) -> bool:
        """Shift+Right (``step`` 1) or Shift+Left (-1): grow or shrink the selection by a
        word; the anchor stays. With nothing selected, select the first word of 1-based
        ``page`` (the page in view). Whether there are words to select."""
        if self.geometry is None:
            return False
        starts, ends = self.word_ends()
        if not starts:
            return False
        if self.anchor is None or self.focus is None:
            first = self.geometry.pages[page - 1].char_start
            i = min(bisect_right(starts, first - 1), len(starts) - 1)
            self.anchor, self.focus = starts[i], ends[i]
        elif step > 0:
            i = bisect_right(ends, self.focus)
            self.focus = ends[min(i, len(ends) - 1)]
        else:
            i = bisect_right(ends, self.focus - 1) - 1
            self.focus = ends[i] if i >= 0 and ends[i] > self.anchor else self.anchor
        self.snap_words = True
        self.area = None
        return True

    # -- words -------------------------------------------------------------------------------

    def word_ends(self) -> tuple[list[int], list[int]]:
        """Document offsets where words start and where they end, in reading order (read
        from every page once per document)."""
        if self._word_ends is None:
            starts: list[int] = []
            ends: list[int] = []
            if self.geometry is not None:
                for page in self.geometry.pages:
                    words = self.geometry.words(page.number)
                    starts.extend(page.char_start + s for s in words.starts())
                    ends.extend(page.char_start + e for e in words.ends())
            self._word_ends = (starts, ends)
        return self._word_ends

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) widened to the whole words it begins and ends in."""
        geometry = self.geometry
        if geometry is None:
            return start, end
        page = geometry.page_of(start)
        bounds = word_bounds(geometry.words(page.number), start - page.char_start)
        if bounds and page.char_start + bounds[0] <= start < page.char_start + bounds[1]:
            start = page.char_start + bounds[0]
        page = geometry.page_of(end - 1)
        bounds = word_bounds(geometry.words(page.number), end - 1 - page.char_start)
        if bounds and page.char_start + bounds[0] <= end - 1 < page.char_start + bounds[1]:
            end = page.char_start + bounds[1]
        return start, end
