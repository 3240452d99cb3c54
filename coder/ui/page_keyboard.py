"""The page view's keyboard path: grow the selection by words, step through codings. A
mixin of ``PageView``."""

from __future__ import annotations

from bisect import bisect_right


class PageKeyboard:
    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab step through the codings (Qt routes them here, not to
        keyPressEvent); with no codings they move the focus on as usual."""
        if self.data is not None and self.data.codings and self.hasFocus():
            self.step_coding(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    def _word_ends(self) -> tuple[list[int], list[int]]:
        """Document offsets where words start and end, in reading order."""
        assert self.data is not None
        starts, ends = [], []
        for page in self.data.pages:
            words = self.data.words(page.number)
            starts.extend(page.char_start + s for s in words.starts())
            ends.extend(page.char_start + e for e in words.ends())
        return starts, ends

    def extend_by_word(self, step: int) -> None:
        """Shift+Right / Shift+Left: grow or shrink the selection by a word. With nothing
        selected, start at the first word of the current page."""
        if self.data is None:
            return
        starts, ends = self._word_ends()
        if not starts:
            return
        if self._anchor is None or self._focus is None:
            page = self.data.pages[self.current_page() - 1]
            i = bisect_right(starts, page.char_start - 1)
            i = min(i, len(starts) - 1)
            self._anchor, self._focus = starts[i], ends[i]
        elif step > 0:
            i = bisect_right(ends, self._focus)
            self._focus = ends[min(i, len(ends) - 1)]
        else:
            i = bisect_right(ends, self._focus - 1) - 1
            self._focus = ends[i] if i >= 0 and ends[i] > self._anchor else self._anchor
        self._snap_words = True
        self._area = None
        self.selectionChanged.emit()
        sel = self.selection()
        if sel:
            self.reveal(sel[1] - 1, sel[1], flash=False)

    def step_coding(self, step: int) -> None:
        """Tab / Shift+Tab: select the next or previous coding in reading order."""
        if self.data is None or not self.data.codings:
            return
        ordered = sorted(self.data.codings, key=lambda c: (c.page_start, c.char_start or 0, c.id))
        ids = [c.id for c in ordered]
        if self.selected_coding in ids:
            i = (ids.index(self.selected_coding) + step) % len(ids)
        else:
            i = 0 if step > 0 else len(ids) - 1
        coding = ordered[i]
        self._anchor = self._focus = None
        self.reveal_coding(coding)
        self.codingClicked.emit(coding.id)
