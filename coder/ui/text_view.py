"""The text view: a plain-text document (imported from another tool) with the same coding
model as a PDF (character ranges of the stored text) and no page geometry.

Qt counts positions in UTF-16 units; the stored text is indexed by code points, so every
position crosses ``coder.text.units.Positions``. A ``\\r\\n`` is shown as a space and a line
break (two characters, as stored), so positions stay aligned."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from coder.project.records import Coding
from coder.text.units import Positions
from coder.ui.document_data import DocumentData


def display_text(text: str) -> str:
    """The stored text as Qt shows it, character for character."""
    return text.replace("\r\n", " \n").replace("\r", "\n")


class TextView(QPlainTextEdit):
    codingClicked = Signal(str)
    codeDropped = Signal(str)  # the same signals as the page view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName("Text view")
        self.data: DocumentData | None = None
        self.positions: Positions | None = None
        self.selected_coding: str | None = None
        self.search_hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self.area_mode = False

    # -- document ----------------------------------------------------------------------

    def set_document(self, data: DocumentData | None, pdf: bytes | None = None) -> None:
        self.data = data
        self.selected_coding = None
        self.search_hits, self.current_hit = [], -1
        text = data.text if data is not None else ""
        self.positions = Positions(text, "utf16")
        self.setPlainText(display_text(text))
        self._paint()

    def refresh_codings(self) -> None:
        if self.data is not None:
            self.data.reload_codings()
            if self.selected_coding not in {c.id for c in self.data.codings}:
                self.selected_coding = None
        self._paint()

    def _cursor(self, start: int, end: int) -> QTextCursor:
        assert self.positions is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.position(start))
        cursor.setPosition(self.positions.position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _paint(self) -> None:
        extras = []
        if self.data is not None:
            for coding in self.data.codings:
                if coding.kind != "text" or coding.char_start is None or coding.char_end is None:
                    continue
                look = self.data.codes.get(coding.code_id)
                colour = QColor(look.colour if look else "#888888")
                colour.setAlpha(110 if coding.id == self.selected_coding else 55)
                extra = QTextEdit.ExtraSelection()
                extra.cursor = self._cursor(coding.char_start, coding.char_end)
                fmt = QTextCharFormat()
                fmt.setBackground(colour)
                if coding.id == self.selected_coding:
                    fmt.setFontUnderline(True)
                extra.format = fmt
                extras.append(extra)
            for n, (s, e) in enumerate(self.search_hits):
                extra = QTextEdit.ExtraSelection()
                extra.cursor = self._cursor(s, e)
                fmt = QTextCharFormat()
                alpha = (
                    QColor(255, 140, 0, 140) if n == self.current_hit else QColor(255, 230, 0, 120)
                )
                fmt.setBackground(alpha)
                extra.format = fmt
                extras.append(extra)
        self.setExtraSelections(extras)

    # -- the page view's interface -------------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.positions is None:
            return None
        start = self.positions.index(cursor.selectionStart())
        end = self.positions.index(cursor.selectionEnd())
        return (start, end) if end > start else None

    def area_selection(self):
        return None

    def select_range(self, start: int, end: int) -> None:
        self.setTextCursor(self._cursor(start, end))

    def reveal(self, start: int, end: int, flash: bool = True) -> None:
        cursor = self._cursor(start, end)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self._paint()

    def reveal_coding(self, coding: Coding) -> None:
        self.selected_coding = coding.id
        if coding.char_start is not None and coding.char_end is not None:
            cursor = self._cursor(coding.char_start, coding.char_start)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._paint()

    def codings_at(self, pos: QPoint) -> list[Coding]:
        if self.data is None or self.positions is None:
            return []
        offset = self.positions.index(self.cursorForPosition(pos).position())
        return [
            c
            for c in self.data.codings
            if c.kind == "text"
            and c.char_start is not None
            and c.char_end is not None
            and c.char_start <= offset < c.char_end
        ]

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if not self.textCursor().hasSelection():
            found = self.codings_at(event.position().toPoint())
            self.selected_coding = found[0].id if found else None
            self._paint()
            if found:
                self.codingClicked.emit(found[0].id)
