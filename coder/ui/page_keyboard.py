"""The page view's keyboard path: grow the selection by words, step through codings with
Tab. The view hands it the keys it does not handle itself (copy, Escape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from coder.ui.page_view import PageView


class PageKeyboard:
    def __init__(self, view: PageView) -> None:
        self.view = view

    def key_press(self, event: QKeyEvent) -> bool:
        """Shift+Right and Shift+Left; whether the key was one of them."""
        key = event.key()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and key in (
            Qt.Key.Key_Right,
            Qt.Key.Key_Left,
        ):
            self.extend_by_word(1 if key == Qt.Key.Key_Right else -1)
            return True
        return False

    def tab(self, forward: bool) -> bool:
        """Tab and Shift+Tab step through the codings (Qt routes them to
        ``focusNextPrevChild``, not to ``keyPressEvent``); whether they did. With no
        codings they move the focus on as usual."""
        view = self.view
        if view.data is not None and view.data.codings and view.hasFocus():
            self.step_coding(1 if forward else -1)
            return True
        return False

    def extend_by_word(self, step: int) -> None:
        """Shift+Right / Shift+Left: grow or shrink the selection by a word. With nothing
        selected, start at the first word of the current page."""
        view = self.view
        if view.data is None or not view.text_selection.extend_by_word(step, view.current_page()):
            return
        view.selection_changed()
        sel = view.selection()
        if sel:
            view.reveal(sel[1] - 1, sel[1], flash=False)

    def step_coding(self, step: int) -> None:
        """Tab / Shift+Tab: select the next or previous coding in reading order."""
        view = self.view
        if view.data is None or not view.data.codings:
            return
        ordered = sorted(view.data.codings, key=lambda c: (c.page_start, c.char_start or 0, c.id))
        ids: list[str] = [c.id for c in ordered]
        if view.selected_coding in ids:
            i = (ids.index(view.selected_coding) + step) % len(ids)
        else:
            i = 0 if step > 0 else len(ids) - 1
        coding = ordered[i]
        view.text_selection.clear()
        view.selectionChanged.emit()
        view.reveal_coding(coding)
        view.codingClicked.emit(coding.id)
