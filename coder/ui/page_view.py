"""The page view: a review PDF as published, in one continuous scroll.

Pages are drawn from rendered pixmaps (made by the PDF worker, never on this thread);
selection, hit-testing, codings, search hits and the margin stripes all use the stored
geometry, so nothing here calls PyMuPDF.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from coder.pdf.geometry import offset_at, word_bounds
from coder.pdf.pagespace import display_size, from_display_point, to_display
from coder.project.records import Coding
from coder.ui import mime
from coder.ui.document_data import DocumentData

GAP = 14.0
MARGIN = 18.0
STRIPE_W = 5.0
STRIPE_GAP = 2.0
STRIPES = 90.0  # room at the right of each page for the coding stripes
MIN_SCALE, MAX_SCALE = 0.25, 6.0
PREFETCH_IDLE_MS = 150
CACHE_BYTES = 96 * 1024 * 1024  # about 11 A4 pages at 150 dpi


@dataclass
class AreaSelection:
    page: int
    rect: tuple[float, float, float, float]  # unrotated page space


class PixmapCache:
    """Rendered pages, least recently used first out, bounded in bytes."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self.bytes = 0
        self._items: OrderedDict[tuple[str, int, float], QPixmap] = OrderedDict()

    def get(self, key: tuple[str, int, float]) -> QPixmap | None:
        pix = self._items.get(key)
        if pix is not None:
            self._items.move_to_end(key)
        return pix

    def any_scale(self, doc: str, page: int) -> QPixmap | None:
        for (d, p, _), pix in reversed(self._items.items()):
            if d == doc and p == page:
                return pix
        return None

    def put(self, key: tuple[str, int, float], pix: QPixmap) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= _size(old)
        self._items[key] = pix
        self.bytes += _size(pix)
        while self.bytes > self.budget and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self.bytes -= _size(dropped)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def _size(pix: QPixmap) -> int:
    return pix.width() * pix.height() * 4


class PageView(QAbstractScrollArea):
    selectionChanged = Signal()
    codingClicked = Signal(str)
    codeDropped = Signal(str)  # a code dragged from the codebook onto the page
    pageChanged = Signal(int)
    zoomChanged = Signal(float)
    pageShown = Signal(int, float)  # page, seconds since it was requested (benchmarks)

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.data: DocumentData | None = None
        self.scale = 1.0
        self.cache = PixmapCache()
        self.area_mode = False
        self.selected_coding: str | None = None
        self.search_hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self._tops: list[float] = []
        self._sizes: list[tuple[float, float]] = []  # displayed size in px
        self._anchor: int | None = None
        self._focus: int | None = None
        self._area: AreaSelection | None = None
        self._area_start: tuple[int, QPointF] | None = None
        self._press: QPoint | None = None
        self._press_in_selection = False
        self._dragged = False
        self._flash: tuple[int, int] | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=1400)
        self._flash_timer.timeout.connect(self._end_flash)
        self._requested: dict[int, float] = {}
        # Neighbours are rendered once scrolling pauses, not while it goes on: a render in
        # flight holds the GIL and would delay the page the reader scrolls to next.
        self._prefetch_timer = QTimer(self, singleShot=True, interval=PREFETCH_IDLE_MS)
        self._prefetch_timer.timeout.connect(lambda: self._request_visible(prefetch=True))
        self._current_page = 1
        self._snap_words = True
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Page view")
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())
        worker.rendered.connect(self._on_rendered)

    # -- document and layout ----------------------------------------------------------

    def set_document(self, data: DocumentData | None, pdf: bytes | None = None) -> None:
        self.data = data
        self._anchor = self._focus = None
        self._area = None
        self.selected_coding = None
        self.search_hits, self.current_hit = [], -1
        self._requested.clear()
        if data is not None and pdf is not None:
            self.worker.set_document(data.id, pdf)
        self._layout()
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
        self._tops, self._sizes = [], []
        y = MARGIN
        width = 0.0
        if self.data is not None:
            for p in self.data.pages:
                dw, dh = display_size(p.width, p.height, p.rotation)
                size = (dw * self.scale, dh * self.scale)
                self._tops.append(y)
                self._sizes.append(size)
                y += size[1] + GAP
                width = max(width, size[0])
        total_h = y + MARGIN
        total_w = width + 2 * MARGIN + STRIPES
        vp = self.viewport().size()
        self.verticalScrollBar().setRange(0, max(0, int(total_h - vp.height())))
        self.verticalScrollBar().setPageStep(vp.height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setRange(0, max(0, int(total_w - vp.width())))
        self.horizontalScrollBar().setPageStep(vp.width())
        self._content_w = max(total_w, vp.width())

    def page_origin(self, index: int) -> QPointF:
        """Top-left of page ``index`` (0-based) in viewport pixels."""
        pw = self._sizes[index][0]
        x = (self._content_w - STRIPES - pw) / 2
        return QPointF(
            x - self.horizontalScrollBar().value(),
            self._tops[index] - self.verticalScrollBar().value(),
        )

    def visible_pages(self) -> list[int]:
        """0-based indexes of the pages in view, top to bottom."""
        if not self._tops:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect_right(self._tops, top) - 1)
        out = []
        for i in range(first, len(self._tops)):
            if self._tops[i] > bottom:
                break
            if self._tops[i] + self._sizes[i][1] >= top:
                out.append(i)
        return out

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()
        self._request_visible()

    # -- zoom and navigation -----------------------------------------------------------

    def set_scale(self, scale: float, anchor_y: float | None = None) -> None:
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
        self.set_scale(self.scale * 1.2)

    def zoom_out(self) -> None:
        self.set_scale(self.scale / 1.2)

    def fit_width(self) -> None:
        if self.data and self.data.pages:
            widest = max(display_size(p.width, p.height, p.rotation)[0] for p in self.data.pages)
            avail = self.viewport().width() - 2 * MARGIN - STRIPES
            self.set_scale(avail / widest)

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
        if 1 <= page <= len(self._tops):
            self.verticalScrollBar().setValue(int(self._tops[page - 1] - MARGIN / 2))

    def reveal(self, start: int, end: int | None = None, flash: bool = True) -> None:
        """Scroll a range of the text into view (and flash it)."""
        if self.data is None:
            return
        end = start + 1 if end is None else end
        page = self.data.geometry.page_of(start)
        rects = self._range_rects(start, end)
        index = page.number - 1
        y = self._tops[index]
        if rects:
            first_page, r = rects[0]
            box = self._display_rect(first_page, r)
            y = box.top() + self.verticalScrollBar().value() - self.viewport().height() / 3
        self.verticalScrollBar().setValue(int(y))
        if flash:
            self._flash = (start, end)
            self._flash_timer.start()
        self.viewport().update()

    def reveal_coding(self, coding: Coding) -> None:
        self.selected_coding = coding.id
        if coding.char_start is not None and coding.char_end is not None:
            self.reveal(coding.char_start, coding.char_end)
        else:
            self.go_to_page(coding.page_start)
            self._flash = None
            self.viewport().update()

    def _end_flash(self) -> None:
        self._flash = None
        self.viewport().update()

    def _scrolled(self) -> None:
        self._request_visible()
        pages = self.visible_pages()
        if pages:
            middle = self.verticalScrollBar().value() + self.viewport().height() / 2
            current = pages[0]
            for i in pages:
                if self._tops[i] <= middle:
                    current = i
            if current + 1 != self._current_page:
                self._current_page = current + 1
                self.pageChanged.emit(self._current_page)
        self.viewport().update()

    # -- rendering ---------------------------------------------------------------------

    def _render_scale(self) -> float:
        return round(self.scale * self.devicePixelRatioF(), 3)

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

        def shown(i: int) -> float:  # how much of the page is in view
            return min(bottom, self._tops[i] + self._sizes[i][1]) - max(top, self._tops[i])

        want = [i + 1 for i in sorted(pages, key=shown, reverse=True)]
        scale = self._render_scale()
        missing = [p for p in want if self.cache.get((self.data.id, p, scale)) is None]
        if prefetch and not missing:
            missing = [
                p
                for p in (pages[-1] + 2, pages[0])
                if 1 <= p <= len(self._tops) and self.cache.get((self.data.id, p, scale)) is None
            ]
        elif not missing:
            self._prefetch_timer.start()
            return
        now = time.perf_counter()
        # a page asked for again keeps its first time; pages no longer wanted are dropped
        self._requested = {p: self._requested.get(p, now) for p in missing}
        self.worker.request(self.data.id, missing, scale)

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

    def _display_rect(self, page: int, rect: tuple[float, float, float, float]) -> QRectF:
        """A stored (unrotated) rectangle of 1-based ``page`` in viewport pixels."""
        assert self.data is not None
        p = self.data.pages[page - 1]
        x0, y0, x1, y1 = to_display(rect, p.width, p.height, p.rotation)
        o = self.page_origin(page - 1)
        s = self.scale
        return QRectF(o.x() + x0 * s, o.y() + y0 * s, (x1 - x0) * s, (y1 - y0) * s)

    def page_at(self, pos: QPointF) -> tuple[int, tuple[float, float]] | None:
        """(1-based page, point in unrotated page space) under a viewport position."""
        if self.data is None or not self._tops:
            return None
        y = pos.y() + self.verticalScrollBar().value()
        i = max(0, bisect_right(self._tops, y) - 1)
        # between pages: take the nearer one
        if i + 1 < len(self._tops) and y > self._tops[i] + self._sizes[i][1]:
            gap_mid = (self._tops[i] + self._sizes[i][1] + self._tops[i + 1]) / 2
            if y > gap_mid:
                i += 1
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

    def _range_rects(self, start: int, end: int) -> list[tuple[int, tuple]]:
        assert self.data is not None
        if end <= start:
            return []
        out = []
        geometry = self.data.geometry
        first = geometry.page_of(start).number
        last = geometry.page_of(max(start, end - 1)).number
        for page in self.data.pages[first - 1 : last]:
            lo = max(start, page.char_start) - page.char_start
            hi = min(end, page.char_end) - page.char_start
            if hi > lo:
                out.extend((page.number, r) for r in self.data.words(page.number).rects_for(lo, hi))
        return out

    def codings_at(self, pos: QPointF) -> list[Coding]:
        hit = self.page_at(pos)
        if hit is None or self.data is None:
            return []
        page, (x, y) = hit
        found = []
        for coding, rects in self.data.by_page.get(page, []):
            if any(r.rect[0] <= x <= r.rect[2] and r.rect[1] <= y <= r.rect[3] for r in rects):
                found.append(coding)
        if not found:  # the stripes in the margin
            found = self._stripe_codings_at(pos)
        return found

    def _stripe_codings_at(self, pos: QPointF) -> list[Coding]:
        assert self.data is not None
        out = []
        for _page, bars in self._stripes_for_visible():
            for coding, rect in bars:
                if rect.adjusted(-1, 0, 1, 0).contains(pos):
                    out.append(coding)
        return out

    # -- selection -------------------------------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        """The selected text range [start, end), or None. A selection made with the mouse
        takes whole words: researchers code words, and a pointer rarely lands on a
        character boundary."""
        if self._anchor is None or self._focus is None or self._anchor == self._focus:
            return None
        start, end = min(self._anchor, self._focus), max(self._anchor, self._focus)
        return self._snap(start, end) if self._snap_words else (start, end)

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        assert self.data is not None
        geometry = self.data.geometry
        page = geometry.page_of(start)
        bounds = word_bounds(self.data.words(page.number), start - page.char_start)
        if bounds and page.char_start + bounds[0] <= start < page.char_start + bounds[1]:
            start = page.char_start + bounds[0]
        page = geometry.page_of(end - 1)
        bounds = word_bounds(self.data.words(page.number), end - 1 - page.char_start)
        if bounds and page.char_start + bounds[0] <= end - 1 < page.char_start + bounds[1]:
            end = page.char_start + bounds[1]
        return start, end

    def area_selection(self) -> AreaSelection | None:
        return self._area

    def select_range(self, start: int, end: int) -> None:
        """Select exactly [start, end) (no snapping to words)."""
        self._snap_words = False
        self._anchor, self._focus = start, end
        self._area = None
        self.selectionChanged.emit()
        self.viewport().update()

    def clear_selection(self) -> None:
        self._anchor = self._focus = None
        self._area = None
        self.selectionChanged.emit()
        self.viewport().update()

    def selected_text(self) -> str:
        sel = self.selection()
        if sel is None or self.data is None:
            return ""
        return self.data.text[sel[0] : sel[1]]

    # -- mouse -----------------------------------------------------------------------------

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

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if key == Qt.Key.Key_Escape:
            self.clear_selection()
            return
        if mods & Qt.KeyboardModifier.ShiftModifier and key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            self.extend_by_word(1 if key == Qt.Key.Key_Right else -1)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab step through the codings (Qt routes them here, not to
        keyPressEvent); with no codings they move the focus on as usual."""
        if self.data is not None and self.data.codings and self.hasFocus():
            self.step_coding(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    # -- the keyboard path: select words and codings without a mouse ---------------------

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

    def _start_drag(self) -> None:
        sel = self.selection()
        if sel is None or self.data is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime.selection_mime(self.data.id, *sel))
        self._press = None
        self._press_in_selection = False
        drag.exec(Qt.DropAction.CopyAction)

    # -- drops: a code dragged from the codebook ------------------------------------------

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

    # -- tooltips --------------------------------------------------------------------------

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
            line = f"{look.path if look else '?'} — {self.data.coder_names.get(c.coder_id, '?')}"
            lines.append(line + effect)
            for memo in self.data.memos.get(c.id, []):
                lines.append("    memo: " + " ".join(memo.split())[:120])
        return "\n".join(lines)

    # -- painting -------------------------------------------------------------------------------

    def _stripes_for_visible(self) -> list[tuple[int, list[tuple[Coding, QRectF]]]]:
        assert self.data is not None
        columns = self.data.stripe_columns()
        out = []
        for i in self.visible_pages():
            page = i + 1
            o = self.page_origin(i)
            right = o.x() + self._sizes[i][0] + 6
            bars = []
            for coding, rects in self.data.by_page.get(page, []):
                boxes = [self._display_rect(page, r.rect) for r in rects]
                top = min(b.top() for b in boxes)
                bottom = max(b.bottom() for b in boxes)
                col = columns.get(coding.code_id, 0)
                x = right + col * (STRIPE_W + STRIPE_GAP)
                if x + STRIPE_W > right + STRIPES - 6:
                    continue
                bars.append((coding, QRectF(x, top, STRIPE_W, max(bottom - top, 2))))
            out.append((page, bars))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        pal = self.palette()
        painter.fillRect(self.viewport().rect(), pal.color(pal.ColorRole.Mid))
        if self.data is None:
            painter.end()
            return
        scale = self._render_scale()
        sel = self.selection()
        for i in self.visible_pages():
            page = i + 1
            o = self.page_origin(i)
            w, h = self._sizes[i]
            target = QRectF(o.x(), o.y(), w, h)
            pix = self.cache.get((self.data.id, page, scale))
            if pix is None:
                painter.fillRect(target, QColor("white"))
                pix = self.cache.any_scale(self.data.id, page)
            if pix is not None:
                painter.drawPixmap(target, pix, QRectF(pix.rect()))
            painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
            painter.drawRect(target)
            self._paint_codings(painter, page)
        self._paint_ranges(painter, sel)
        for _, bars in self._stripes_for_visible():
            for coding, rect in bars:
                look = self.data.codes.get(coding.code_id)
                painter.fillRect(rect, QColor(look.colour if look else "#888888"))
                if coding.id == self.selected_coding:
                    painter.setPen(QPen(pal.color(pal.ColorRole.Text), 1))
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        if self._area is not None:
            r = self._display_rect(self._area.page, self._area.rect)
            painter.setPen(QPen(pal.color(pal.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine))
            fill = QColor(pal.color(pal.ColorRole.Highlight))
            fill.setAlpha(50)
            painter.fillRect(r, fill)
            painter.drawRect(r)
        painter.end()

    def _paint_codings(self, painter: QPainter, page: int) -> None:
        assert self.data is not None
        for coding, rects in self.data.by_page.get(page, []):
            look = self.data.codes.get(coding.code_id)
            colour = QColor(look.colour if look else "#888888")
            colour.setAlpha(55)
            selected = coding.id == self.selected_coding
            for r in rects:
                box = self._display_rect(page, r.rect)
                painter.fillRect(box, colour)
                if selected:
                    edge = QColor(look.colour if look else "#888888")
                    painter.setPen(QPen(edge, 2))
                    painter.drawRect(box)
                elif coding.kind == "area":
                    edge = QColor(colour)
                    edge.setAlpha(200)
                    painter.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
                    painter.drawRect(box)

    def _paint_ranges(self, painter: QPainter, sel: tuple[int, int] | None) -> None:
        pal = self.palette()
        layers = []
        for n, (s, e) in enumerate(self.search_hits):
            colour = QColor(255, 140, 0, 120) if n == self.current_hit else QColor(255, 230, 0, 110)
            layers.append((s, e, colour))
        if sel is not None:
            colour = QColor(pal.color(pal.ColorRole.Highlight))
            colour.setAlpha(90)
            layers.append((sel[0], sel[1], colour))
        if self._flash is not None:
            layers.append((self._flash[0], self._flash[1], QColor(255, 120, 0, 140)))
        visible = {i + 1 for i in self.visible_pages()}
        for s, e, colour in layers:
            for page, rect in self._range_rects(s, e):
                if page in visible:
                    painter.fillRect(self._display_rect(page, rect), colour)
