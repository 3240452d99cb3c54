"""The page view's mouse: selecting text over the stored word geometry, areas with Alt,
clicking codings, Ctrl+wheel zoom, dragging a selection out and a code in, tooltips. The
view hands it its mouse events; it keeps the state of a press (where, whether it became a
drag) and changes the view's ``Selection``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDrag,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip

from coder.coding.selection import AreaSelection
from coder.pdf.pagespace import display_size, from_display_point
from coder.project.records import Coding
from coder.ui import mime

if TYPE_CHECKING:
    from coder.ui.page_view import PageView


class PageMouse:
    def __init__(self, view: PageView) -> None:
        self.view = view
        self.selection = view.text_selection
        self._press: QPoint | None = None  # where the left button went down
        self._press_in_selection = False  # on the selected text: a drag carries it out
        self._dragged = False  # moved far enough to be a drag, not a click
        self._area_start: tuple[int, QPointF] | None = None  # (page, point) of an area

    def press(self, event: QMouseEvent) -> bool:
        """Whether the press was handled (a left press on a document)."""
        view = self.view
        if view.data is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position()
        self._press = pos.toPoint()
        self._dragged = False
        mods = event.modifiers()
        if view.area_mode or mods & Qt.KeyboardModifier.AltModifier:
            hit = view.page_at(pos)
            if hit:
                self._area_start = (hit[0], pos)
                self.selection.select_area(None)
            return True
        offset = view.offset_at_pos(pos)
        extend = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        self._press_in_selection = not extend and self.selection.contains(offset)
        if self._press_in_selection:
            return True
        self.selection.press(offset, extend)
        view.selection_changed()
        return True

    def move(self, event: QMouseEvent) -> bool:
        """Whether the move was handled (the left button is down after a press here)."""
        view = self.view
        pos = event.position()
        if not event.buttons() & Qt.MouseButton.LeftButton or self._press is None:
            return False
        if (pos.toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance():
            self._dragged = True
        if self._area_start is not None:
            page, start = self._area_start
            # drawn over the selected text, which goes only once the area is released
            self.selection.area = self._area_from(page, start, pos)
            view.viewport().update()
            return True
        if self._press_in_selection:
            if self._dragged:
                self._start_drag()
            return True
        if self.selection.drag_to(view.offset_at_pos(pos)):
            view.selection_changed()
        return True

    def release(self, event: QMouseEvent) -> None:
        view = self.view
        pos = event.position()
        if self._area_start is not None:
            page, start = self._area_start
            self.selection.select_area(self._area_from(page, start, pos) if self._dragged else None)
            self._area_start = None
            view.selection_changed()
        elif not self._dragged:
            if self._press_in_selection:  # a click inside the selection clears it
                self.selection.press(view.offset_at_pos(pos))
                view.selectionChanged.emit()
            hits = view.codings_at(pos)
            if hits and view.selection() is None:
                view.selected_coding = hits[0].id
                view.codingClicked.emit(hits[0].id)
            elif not hits:
                view.selected_coding = None
            view.viewport().update()
        self._press = None
        self._press_in_selection = False

    def double_click(self, event: QMouseEvent) -> None:
        """The word under the pointer, exactly."""
        hit = self.view.page_at(event.position())
        if hit is not None:
            page, (x, y) = hit
            if self.selection.select_word_at(page, x, y):
                self.view.selection_changed()

    def _area_from(self, page: int, start: QPointF, end: QPointF) -> AreaSelection:
        """The rectangle dragged from ``start`` to ``end`` (viewport pixels) on 1-based
        ``page``, in its unrotated page space and kept on the page."""
        view = self.view
        assert view.data is not None
        p = view.data.pages[page - 1]
        o = view.page_origin(page - 1)
        width, height = display_size(p.width, p.height, p.rotation)
        pts = []
        for q in (start, end):
            dx = min(max((q.x() - o.x()) / view.scale, 0), width)
            dy = min(max((q.y() - o.y()) / view.scale, 0), height)
            pts.append(from_display_point(dx, dy, p.width, p.height, p.rotation))
        (ax, ay), (bx, by) = pts
        return AreaSelection(page, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))

    def wheel(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel zooms about the pointer; whether it did."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y() / 120
        if steps:
            self.view.set_scale(self.view.scale * (1.15**steps), event.position().y())
        return True

    def _start_drag(self) -> None:
        view = self.view
        sel = view.selection()
        if sel is None or view.data is None:
            return
        drag = QDrag(view)
        drag.setMimeData(mime.selection_mime(view.data.id, *sel))
        self._press = None
        self._press_in_selection = False
        drag.exec(Qt.DropAction.CopyAction)

    def drag_enter(self, event: QDragMoveEvent) -> None:
        """Codes dragged from the codebook may be dropped on the page."""
        if event.mimeData().hasFormat(mime.CODES):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        codes = mime.decode_codes(event.mimeData())
        if codes:
            event.acceptProposedAction()
            self.view.codeDropped.emit(codes[0])
        else:
            event.ignore()

    def tooltip(self, event: QEvent) -> bool:
        """The codings under the pointer, as a tooltip; whether the event was one."""
        view = self.view
        if event.type() != QEvent.Type.ToolTip or view.data is None:
            return False
        assert isinstance(event, QHelpEvent)
        found = view.codings_at(QPointF(event.pos()))
        if found:
            QToolTip.showText(event.globalPos(), self.describe(found), view.viewport())
        else:
            QToolTip.hideText()
        return True

    def describe(self, found: list[Coding]) -> str:
        data = self.view.data
        assert data is not None
        lines = []
        for c in found:
            look = data.codes.get(c.code_id)
            effect = f" · {c.effect}" if c.effect else ""
            if c.judgement:
                effect += " · " + c.judgement.replace("_", " ")
            who = data.coder_names.get(c.coder_id, "?") if c.coder_id else "?"
            lines.append(f"{look.path if look else '?'} — {who}{effect}")
            for memo in data.memos.get(c.id, []):
                lines.append("    memo: " + " ".join(memo.split())[:120])
        return "\n".join(lines)
