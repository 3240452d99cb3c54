"""The page view's mouse: selecting text over the stored word geometry, areas with Alt,
clicking codings, Ctrl+wheel zoom, dragging a selection out and a code in, tooltips. A
mixin of ``PageView``."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDrag, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from coder.pdf.geometry import offset_at, word_bounds
from coder.pdf.pagespace import display_size, from_display_point
from coder.project.records import Coding
from coder.ui import mime


@dataclass
class AreaSelection:
    page: int
    rect: tuple[float, float, float, float]  # unrotated page space


class PageMouse:
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.data is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        self._press = event.position().toPoint()
        self._dragged = False
        mods = event.modifiers()
        if self.area_mode or mods & Qt.KeyboardModifier.AltModifier:
            hit = self.page_at(pos)
            if hit:
                self._area_start = (hit[0], pos)
                self._area = None
            return
        offset = self.offset_at_pos(pos)
        sel = self.selection()
        self._press_in_selection = bool(
            sel
            and offset is not None
            and sel[0] <= offset < sel[1]
            and not mods & Qt.KeyboardModifier.ShiftModifier
        )
        if self._press_in_selection:
            return
        self._snap_words = True
        if mods & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
            self._focus = offset if offset is not None else self._focus
        else:
            self._anchor = self._focus = offset
            self._area = None
        self.selectionChanged.emit()
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if not event.buttons() & Qt.MouseButton.LeftButton or self._press is None:
            return super().mouseMoveEvent(event)
        if (event.position().toPoint() - self._press).manhattanLength() >= (
            QApplication.startDragDistance()
        ):
            self._dragged = True
        if self._area_start is not None:
            page, start = self._area_start
            self._area = self._area_from(page, start, pos)
            self.viewport().update()
            return
        if self._press_in_selection:
            if self._dragged:
                self._start_drag()
            return
        offset = self.offset_at_pos(pos)
        if offset is not None and offset != self._focus:
            self._focus = offset
            self.selectionChanged.emit()
            self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._area_start is not None:
            page, start = self._area_start
            self._area = self._area_from(page, start, pos) if self._dragged else None
            self._area_start = None
            if self._area is not None:
                self._anchor = self._focus = None
            self.selectionChanged.emit()
            self.viewport().update()
        elif not self._dragged:
            if self._press_in_selection:  # a click inside the selection clears it
                self._anchor = self._focus = self.offset_at_pos(pos)
                self.selectionChanged.emit()
            hits = self.codings_at(pos)
            if hits and self.selection() is None:
                self.selected_coding = hits[0].id
                self.codingClicked.emit(hits[0].id)
            elif not hits:
                self.selected_coding = None
            self.viewport().update()
        self._press = None
        self._press_in_selection = False

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.data is None:
            return
        hit = self.page_at(event.position())
        if hit is None:
            return
        page, (x, y) = hit
        words = self.data.words(page)
        local = offset_at(words, x, y)
        bounds = word_bounds(words, local) if local is not None else None
        if bounds:
            base = self.data.pages[page - 1].char_start
            self.select_range(base + bounds[0], base + bounds[1])

    def _area_from(self, page: int, start: QPointF, end: QPointF) -> AreaSelection:
        assert self.data is not None
        p = self.data.pages[page - 1]
        o = self.page_origin(page - 1)
        pts = []
        for q in (start, end):
            dx = min(
                max((q.x() - o.x()) / self.scale, 0), display_size(p.width, p.height, p.rotation)[0]
            )
            dy = min(
                max((q.y() - o.y()) / self.scale, 0), display_size(p.width, p.height, p.rotation)[1]
            )
            pts.append(from_display_point(dx, dy, p.width, p.height, p.rotation))
        (ax, ay), (bx, by) = pts
        return AreaSelection(page, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_scale(self.scale * (1.15**steps), event.position().y())
            return
        super().wheelEvent(event)

    def _start_drag(self) -> None:
        sel = self.selection()
        if sel is None or self.data is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime.selection_mime(self.data.id, *sel))
        self._press = None
        self._press_in_selection = False
        drag.exec(Qt.DropAction.CopyAction)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(mime.CODES):
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event) -> None:
        codes = mime.decode_codes(event.mimeData())
        if codes:
            event.acceptProposedAction()
            self.codeDropped.emit(codes[0])
        else:
            event.ignore()

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.data is not None:
            found = self.codings_at(
                event.position() if hasattr(event, "position") else QPointF(event.pos())
            )
            if found:
                QToolTip.showText(event.globalPos(), self.describe(found), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def describe(self, found: list[Coding]) -> str:
        assert self.data is not None
        lines = []
        for c in found:
            look = self.data.codes.get(c.code_id)
            effect = f" · {c.effect}" if c.effect else ""
            if c.judgement:
                effect += " · " + c.judgement.replace("_", " ")
            line = f"{look.path if look else '?'} — {self.data.coder_names.get(c.coder_id, '?')}"
            lines.append(line + effect)
            for memo in self.data.memos.get(c.id, []):
                lines.append("    memo: " + " ".join(memo.split())[:120])
        return "\n".join(lines)
