"""The page view: a review PDF as published, in one continuous scroll.

Pages are drawn from rendered pixmaps (made by the PDF worker, never on this thread);
selection, hit-testing, codings, search hits and the margin stripes all use the stored
geometry, so nothing here calls PyMuPDF. The view owns the state; it composes a
``Selection`` (what is selected), a ``PageStack`` (where the pages sit), and three
helpers that read them: the mouse, the keyboard and the painter.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from coder.coding.selection import AreaSelection, Rect, Selection
from coder.pdf.geometry import offset_at
from coder.pdf.pagespace import display_size, from_display_point, to_display
from coder.project.records import Coding
from coder.ui.document_data import DocumentData
from coder.ui.page_keyboard import PageKeyboard
from coder.ui.page_mouse import PageMouse
from coder.ui.page_painting import STRIPES, PagePainter
from coder.ui.page_stack import MARGIN, PageStack
from coder.ui.pixmap_cache import PixmapCache

MIN_SCALE, MAX_SCALE = 0.25, 6.0
#: the zooms Ctrl+= and Ctrl+- step through (a browser's): 100 %, 150 % and 200 % are a
#: few presses from any zoom, and the fitted width is left for the nearest usual zoom
ZOOM_STEPS: tuple[float, ...] = (0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5)
ZOOM_STEPS += (1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)
PREFETCH_IDLE_MS = 150


class PageView(QAbstractScrollArea):
    selectionChanged = Signal()
    codingClicked = Signal(str)
    codeDropped = Signal(str)  # a code dragged from the codebook onto the page
    pageChanged = Signal(int)
    zoomChanged = Signal(float)
    pageShown = Signal(int, float)  # page, seconds since it was requested (benchmarks)

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_paragraph_numbers = False  # View → Show paragraph numbers
        self.worker = worker
        self.data: DocumentData | None = None
        self.scale = 1.0
        #: "width" while the zoom follows the view's width (the default), None once the
        #: reader picks a zoom
        self.fit_mode: str | None = "width"
        self.cache = PixmapCache()
        self.area_mode = False
        self.selected_coding: str | None = None
        self.search_hits: list[tuple[int, int]] = []
        self.current_hit = -1
        #: where each page sits in the scroll, in pixels at the current zoom
        self.stack = PageStack()
        #: the selected text or area: the mouse and keyboard change it, the painter draws it
        self.text_selection = Selection()
        #: a range marked for a moment after a jump to it
        self.flash: tuple[int, int] | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=1400)
        self._flash_timer.timeout.connect(self._end_flash)
        self._requested: dict[int, float] = {}
        # Neighbours are rendered once scrolling pauses, not while it goes on: a render in
        # flight holds the GIL and would delay the page the reader scrolls to next.
        self._prefetch_timer = QTimer(self, singleShot=True, interval=PREFETCH_IDLE_MS)
        self._prefetch_timer.timeout.connect(lambda: self._request_visible(prefetch=True))
        self._current_page = 1
        self._content_w = 0.0
        self.mouse = PageMouse(self)
        self.keyboard = PageKeyboard(self)
        self.painting = PagePainter(self)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Page view")
        # always there, so fitting the width never makes a scroll bar come and go
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())
        worker.rendered.connect(self._on_rendered)

    # -- document and layout ----------------------------------------------------------

    def set_document(self, data: DocumentData | None, pdf: bytes | None = None) -> None:
        self.data = data
        self.text_selection.set_document(data.geometry if data is not None else None)
        self.selected_coding = None
        self.search_hits, self.current_hit = [], -1
        self._requested.clear()
        if data is not None and pdf is not None:
            self.worker.set_document(data.id, pdf)
        self._layout()
        self._fit()
        # a new document starts at its top, and at page 1: were the view already at the top
        # (a document closed, another opened), no scroll would tell it the page changed
        self._current_page = 1
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)
        self._request_visible()
        self.viewport().update()

    def refresh_codings(self) -> None:
        if self.data is not None:
            self.data.reload_codings()
            ids = {c.id for c in self.data.codings}
            if self.selected_coding not in ids:
                self.selected_coding = None
        self.viewport().update()

    def _layout(self) -> None:
        pages = self.data.pages if self.data is not None else []
        self.stack = PageStack.of(
            (display_size(p.width, p.height, p.rotation) for p in pages), self.scale
        )
        total_h = self.stack.height
        total_w = self.stack.width + 2 * MARGIN + STRIPES
        vp = self.viewport().size()
        self.verticalScrollBar().setRange(0, max(0, int(total_h - vp.height())))
        self.verticalScrollBar().setPageStep(vp.height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, int(total_w - vp.width())))
        self.horizontalScrollBar().setPageStep(vp.width())
        self._content_w = max(total_w, vp.width())

    def page_origin(self, index: int) -> QPointF:
        """Top-left of page ``index`` (0-based) in viewport pixels."""
        pw = self.stack.sizes[index][0]
        # centred in the view when it fits; a page wider than the view (a landscape table
        # in a portrait report) starts at the margin and scrolls sideways, and the pages
        # that fit stay centred rather than following the widest one off the view
        room = self.viewport().width() - STRIPES
        x = (room - pw) / 2 if pw + 2 * MARGIN <= room else MARGIN
        x -= self.horizontalScrollBar().value()
        y = self.stack.tops[index] - self.verticalScrollBar().value()
        # on a device-pixel corner, so the page's pixmap is painted 1:1
        dpr = self.devicePixelRatioF()
        return QPointF(round(x * dpr) / dpr, round(y * dpr) / dpr)

    def visible_pages(self) -> list[int]:
        """0-based indexes of the pages in view, top to bottom."""
        top = self.verticalScrollBar().value()
        return self.stack.visible(top, top + self.viewport().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()
        self._fit()
        self._request_visible()

    # -- zoom and navigation -----------------------------------------------------------

    def set_scale(self, scale: float, anchor_y: float | None = None) -> None:
        """Zoom to ``scale`` pixels per point and stop following the view's width."""
        self.fit_mode = None
        self._apply_scale(scale, anchor_y)

    def _apply_scale(self, scale: float, anchor_y: float | None = None) -> None:
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        if abs(scale - self.scale) < 1e-4:
            return
        bar = self.verticalScrollBar()
        anchor = self.viewport().height() / 2 if anchor_y is None else anchor_y
        ratio = (bar.value() + anchor) / self.scale if self.scale else 0
        self.scale = scale
        self._layout()
        bar.setValue(int(ratio * scale - anchor))
        self._requested.clear()
        self._request_visible()
        self.zoomChanged.emit(scale)
        self.viewport().update()

    def zoom_in(self) -> None:
        """The next usual zoom above this one."""
        bigger = [s for s in ZOOM_STEPS if s > self.scale * 1.001]
        self.set_scale(bigger[0] if bigger else MAX_SCALE)

    def zoom_out(self) -> None:
        """The next usual zoom below this one."""
        smaller = [s for s in ZOOM_STEPS if s < self.scale / 1.001]
        self.set_scale(smaller[-1] if smaller else MIN_SCALE)

    def fit_width(self) -> None:
        """Zoom so a page of the document's usual width fills the view's width, and keep it
        so as the view is resized and other documents open (the default), until the reader
        zooms. The usual width, not the widest: one landscape table must not shrink every
        portrait page of the report (it scrolls sideways instead)."""
        self.fit_mode = "width"
        self._fit()

    def _fit(self) -> None:
        if self.fit_mode == "width" and self.data and self.data.pages:
            widths = sorted(display_size(p.width, p.height, p.rotation)[0] for p in self.data.pages)
            usual = widths[(len(widths) - 1) // 2]
            avail = self.viewport().width() - 2 * MARGIN - STRIPES
            if avail > 0:
                self._apply_scale(avail / usual)

    def fit_page(self) -> None:
        if self.data and self.data.pages:
            index = self.current_page() - 1
            p = self.data.pages[index]
            dw, dh = display_size(p.width, p.height, p.rotation)
            avail_w = self.viewport().width() - 2 * MARGIN - STRIPES
            avail_h = self.viewport().height() - 2 * MARGIN
            self.set_scale(min(avail_w / dw, avail_h / dh))
            self.go_to_page(index + 1)

    def current_page(self) -> int:
        return self._current_page

    def go_to_page(self, page: int) -> None:
        if 1 <= page <= len(self.stack):
            self.verticalScrollBar().setValue(int(self.stack.tops[page - 1] - MARGIN / 2))

    def reveal(self, start: int, end: int | None = None, flash: bool = True) -> None:
        """Scroll a range of the text into view (and flash it)."""
        if self.data is None:
            return
        end = start + 1 if end is None else end
        page = self.data.geometry.page_of(start)
        rects = self.range_rects(start, end)
        y = self.stack.tops[page.number - 1]
        if rects:
            first_page, r = rects[0]
            box = self.display_rect(first_page, r)
            y = box.top() + self.verticalScrollBar().value() - self.viewport().height() / 3
        self.verticalScrollBar().setValue(int(y))
        if flash:
            self.flash = (start, end)
            self._flash_timer.start()
        self.viewport().update()

    def reveal_coding(self, coding: Coding) -> None:
        self.selected_coding = coding.id
        if coding.char_start is not None and coding.char_end is not None:
            self.reveal(coding.char_start, coding.char_end)
        else:
            self.go_to_page(coding.page_start)
            self.flash = None
            self.viewport().update()

    def _end_flash(self) -> None:
        self.flash = None
        self.viewport().update()

    def _scrolled(self) -> None:
        self._request_visible()
        pages = self.visible_pages()
        if pages:
            middle = self.verticalScrollBar().value() + self.viewport().height() / 2
            current = pages[0]
            for i in pages:
                if self.stack.tops[i] <= middle:
                    current = i
            if current + 1 != self._current_page:
                self._current_page = current + 1
                self.pageChanged.emit(self._current_page)
        self.viewport().update()

    # -- rendering ---------------------------------------------------------------------

    def render_scale(self) -> float:
        return round(self.scale * self.devicePixelRatioF(), 6)

    def _request_visible(self, prefetch: bool = False) -> None:
        if not prefetch:
            self._prefetch_timer.stop()
        self._request_pages(prefetch)

    def _request_pages(self, prefetch: bool) -> None:
        """Ask the worker for the visible pages, most visible first; with ``prefetch``, for
        the pages just above and below. Neighbours are asked for only once the visible
        pages are in: the worker holds the GIL while it renders, so a neighbour rendered
        first would delay the page the reader is waiting for."""
        if self.data is None:
            return
        pages = self.visible_pages()
        if not pages:
            return
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()

        want = [
            i + 1
            for i in sorted(pages, key=lambda i: self.stack.shown(i, top, bottom), reverse=True)
        ]
        data = self.data
        scale = self.render_scale()
        missing = [p for p in want if self.cache.get((data.id, p, scale)) is None]
        if prefetch and not missing:
            missing = [
                p
                for p in (pages[-1] + 2, pages[0])
                if 1 <= p <= len(self.stack) and self.cache.get((data.id, p, scale)) is None
            ]
        elif not missing:
            self._prefetch_timer.start()
            return
        now = time.perf_counter()
        # a page asked for again keeps its first time; pages no longer wanted are dropped
        self._requested = {p: self._requested.get(p, now) for p in missing}
        self.worker.request(data.id, missing, scale)

    def _on_rendered(self, doc_id: str, page: int, scale: float, image: QImage) -> None:
        pix = QPixmap.fromImage(image)
        pix.setDevicePixelRatio(self.devicePixelRatioF())
        self.cache.put((doc_id, page, scale), pix)
        if self.data is not None and doc_id == self.data.id:
            asked = self._requested.pop(page, None)
            if asked is not None and page - 1 in self.visible_pages():
                self.viewport().repaint()
                self.pageShown.emit(page, time.perf_counter() - asked)
            else:
                self.viewport().update()
            if not self._requested:  # the visible pages are in: their neighbours, when idle
                self._prefetch_timer.start()

    # -- geometry helpers --------------------------------------------------------------------

    def display_rect(self, page: int, rect: tuple[float, float, float, float]) -> QRectF:
        """A stored (unrotated) rectangle of 1-based ``page`` in viewport pixels."""
        assert self.data is not None
        p = self.data.pages[page - 1]
        x0, y0, x1, y1 = to_display(rect, p.width, p.height, p.rotation)
        o = self.page_origin(page - 1)
        s = self.scale
        return QRectF(o.x() + x0 * s, o.y() + y0 * s, (x1 - x0) * s, (y1 - y0) * s)

    def page_at(self, pos: QPointF) -> tuple[int, tuple[float, float]] | None:
        """(1-based page, point in unrotated page space) under a viewport position."""
        if self.data is None or not len(self.stack):
            return None
        i = self.stack.index_at(pos.y() + self.verticalScrollBar().value())
        o = self.page_origin(i)
        p = self.data.pages[i]
        dx = (pos.x() - o.x()) / self.scale
        dy = (pos.y() - o.y()) / self.scale
        return i + 1, from_display_point(dx, dy, p.width, p.height, p.rotation)

    def offset_at_pos(self, pos: QPointF) -> int | None:
        hit = self.page_at(pos)
        if hit is None or self.data is None:
            return None
        page, (x, y) = hit
        local = offset_at(self.data.words(page), x, y)
        if local is None:
            return None
        return self.data.pages[page - 1].char_start + local

    def range_rects(self, start: int, end: int) -> list[tuple[int, Rect]]:
        """(1-based page, stored rectangle) of each line of [start, end)."""
        if self.data is None or end <= start:
            return []
        _first, _last, rects = self.data.geometry.locate(start, end)
        return [(r.page, r.rect) for r in rects]

    def codings_at(self, pos: QPointF | QPoint) -> list[Coding]:
        pos = QPointF(pos)
        hit = self.page_at(pos)
        if hit is None or self.data is None:
            return []
        page, (x, y) = hit
        found = []
        for coding, rects in self.data.by_page.get(page, []):
            if any(r.rect[0] <= x <= r.rect[2] and r.rect[1] <= y <= r.rect[3] for r in rects):
                found.append(coding)
        if not found:  # the stripes in the margin
            found = [
                coding
                for _page, bars in self.painting.stripes_for_visible()
                for coding, rect in bars
                if rect.adjusted(-1, 0, 1, 0).contains(pos)
            ]
        return found

    # -- selection -------------------------------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        """The selected text range [start, end), or None (see ``Selection.range``)."""
        return self.text_selection.range()

    def area_selection(self) -> AreaSelection | None:
        return self.text_selection.area

    def selection_changed(self) -> None:
        """The mouse or keyboard changed the selection: tell the window, redraw."""
        self.selectionChanged.emit()
        self.viewport().update()

    def select_range(self, start: int, end: int) -> None:
        """Select exactly [start, end) (no snapping to words)."""
        self.text_selection.select_range(start, end)
        self.selection_changed()

    def clear_selection(self) -> None:
        self.text_selection.clear()
        self.selection_changed()

    def selected_text(self) -> str:
        return self.text_selection.text()

    # -- events: each goes to the helper that handles it ----------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear_selection()
        elif not self.keyboard.key_press(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return self.keyboard.tab(forward) or super().focusNextPrevChild(forward)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.mouse.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.mouse.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.mouse.release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.mouse.double_click(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.mouse.wheel(event):
            super().wheelEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.mouse.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.mouse.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.mouse.drop(event)

    def viewportEvent(self, event: QEvent) -> bool:
        return self.mouse.tooltip(event) or super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.painting.paint()

    def copy(self) -> str:
        """Copy the selection, or the selected coding's quote with its citation."""
        text = self.selected_text()
        if not text and self.selected_coding and self.data is not None:
            coding = next((c for c in self.data.codings if c.id == self.selected_coding), None)
            if coding is not None:
                quote = " ".join(coding.quote.split()) or "[area]"
                text = f"“{quote}” ({self.data.citation(coding)})"
        if text:
            QApplication.clipboard().setText(text)
        return text
