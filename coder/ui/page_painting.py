"""Painting the page view: pages from the pixmap cache, codings in their code's colour,
search hits, the selection, the margin stripes and the area being drawn. It reads the
view's state (its ``Selection``, ``PageStack`` and document) and never calls PyMuPDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from coder.project.records import Coding

if TYPE_CHECKING:
    from coder.ui.page_view import PageView

STRIPE_W = 5.0
STRIPE_GAP = 2.0
STRIPES = 90.0  # room at the right of each page for the coding stripes


class PagePainter:
    def __init__(self, view: PageView) -> None:
        self.view = view

    def stripes_for_visible(self) -> list[tuple[int, list[tuple[Coding, QRectF]]]]:
        """The margin stripes of the visible pages: per coding, one bar for each run of
        lines it covers down the page, so a coding that goes from the foot of one column
        to the head of the next (or runs across a rotated page) marks the lines it covers,
        not the whole height between them."""
        view, data = self.view, self.view.data
        assert data is not None
        out = []
        # columns narrow (to 2 px) rather than fall off the margin when there are many,
        # as when each coder's stripes stand side by side
        room = STRIPES - 6
        count = max(1, data.stripe_count)
        width, gap = STRIPE_W, STRIPE_GAP
        if count * (width + gap) > room:
            gap = 1.0
            width = max(2.0, room / count - gap)
        for i in view.visible_pages():
            page = i + 1
            o = view.page_origin(i)
            right = o.x() + view.stack.sizes[i][0] + 6
            bars = []
            for coding, rects in data.by_page.get(page, []):
                col = data.stripe_column(coding)
                x = right + col * (width + gap)
                if x + width > right + STRIPES - 6:
                    continue
                boxes = [view.display_rect(page, r.rect) for r in rects]
                for top, bottom in _runs(boxes):
                    bars.append((coding, QRectF(x, top, width, max(bottom - top, 2))))
            out.append((page, bars))
        return out

    def paint(self) -> None:
        view, data = self.view, self.view.data
        painter = QPainter(view.viewport())
        pal = view.palette()
        painter.fillRect(view.viewport().rect(), pal.color(pal.ColorRole.Mid))
        if data is None:
            painter.end()
            return
        scale = view.render_scale()
        for i in view.visible_pages():
            page = i + 1
            o = view.page_origin(i)
            w, h = view.stack.sizes[i]
            target = QRectF(o.x(), o.y(), w, h)
            pix = view.cache.get((data.id, page, scale))
            if pix is not None:
                # Rendered at exactly the device pixels it covers and drawn 1:1 from a
                # device-pixel corner (page_origin snaps it): any scaling here would drop
                # or blend rows and columns of pixels and garble small glyphs.
                painter.drawPixmap(o, pix)
            else:
                painter.fillRect(target, QColor("white"))
                stale = view.cache.any_scale(data.id, page)
                if stale is not None:  # a placeholder only while the re-render is pending
                    painter.save()
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                    painter.drawPixmap(target, stale, QRectF(stale.rect()))
                    painter.restore()
            # the frame lies just outside the page, so it never covers the page's pixels
            painter.setPen(QPen(QColor(0, 0, 0, 60), 0))
            painter.drawRect(target.adjusted(-1, -1, 0, 0))
            self._paint_codings(painter, page)
            if view.show_paragraph_numbers:
                self._paint_paragraph_numbers(painter, page, target)
        self._paint_ranges(painter)
        for _, bars in self.stripes_for_visible():
            for coding, rect in bars:
                look = data.codes.get(coding.code_id)
                painter.fillRect(rect, QColor(look.colour if look else "#888888"))
                if coding.id == view.selected_coding:
                    painter.setPen(QPen(pal.color(pal.ColorRole.Text), 1))
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        area = view.text_selection.area
        if area is not None:
            r = view.display_rect(area.page, area.rect)
            painter.setPen(QPen(pal.color(pal.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine))
            fill = QColor(pal.color(pal.ColorRole.Highlight))
            fill.setAlpha(50)
            painter.fillRect(r, fill)
            painter.drawRect(r)
        painter.end()

    def _paint_paragraph_numbers(self, painter: QPainter, page: int, target: QRectF) -> None:
        """Each numbered paragraph's number, as detected, in a tag in the margin just left
        of where the paragraph starts (over the page's edge when the margin is narrow)."""
        view, data = self.view, self.view.data
        assert data is not None
        font = painter.font()
        font.setPointSizeF(7.5)
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        for para in data.paragraphs_by_page.get(page, []):
            rects = view.range_rects(para.start, para.start + 1)
            if not rects:
                continue
            first = view.display_rect(rects[0][0], rects[0][1])
            w = metrics.horizontalAdvance(para.number) + 6
            x = max(target.left() + 1, first.left() - w - 3)
            tag = QRectF(x, first.top(), w, metrics.height() + 1)
            painter.fillRect(tag, QColor(31, 119, 180, 200))
            painter.setPen(QPen(QColor("white")))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, para.number)

    def _paint_codings(self, painter: QPainter, page: int) -> None:
        view, data = self.view, self.view.data
        assert data is not None
        for coding, rects in data.by_page.get(page, []):
            look = data.codes.get(coding.code_id)
            colour = QColor(look.colour if look else "#888888")
            selected = coding.id == view.selected_coding
            # a selected coding is marked by a stronger tint and a bar at the start of
            # each line, never by an outline over the glyphs
            colour.setAlpha(110 if selected else 55)
            for r in rects:
                box = view.display_rect(page, r.rect)
                painter.fillRect(box, colour)
                if selected:
                    edge = QColor(look.colour if look else "#888888")
                    if coding.kind == "area":
                        painter.setPen(QPen(edge, 2))
                        painter.drawRect(box.adjusted(-2, -2, 2, 2))
                    else:
                        painter.fillRect(QRectF(box.left() - 4, box.top(), 2.5, box.height()), edge)
                elif coding.kind == "area":
                    edge = QColor(colour)
                    edge.setAlpha(200)
                    painter.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
                    painter.drawRect(box)

    def _paint_ranges(self, painter: QPainter) -> None:
        """Search hits, the selected text and the flash, over the pages in view."""
        view = self.view
        pal = view.palette()
        layers = []
        for n, (s, e) in enumerate(view.search_hits):
            colour = QColor(255, 140, 0, 120) if n == view.current_hit else QColor(255, 230, 0, 110)
            layers.append((s, e, colour))
        sel = view.text_selection.range()
        if sel is not None:
            colour = QColor(pal.color(pal.ColorRole.Highlight))
            colour.setAlpha(90)
            layers.append((sel[0], sel[1], colour))
        if view.flash is not None:
            layers.append((view.flash[0], view.flash[1], QColor(255, 120, 0, 140)))
        visible = {i + 1 for i in view.visible_pages()}
        for s, e, colour in layers:
            for page, rect in view.range_rects(s, e):
                if page in visible:
                    painter.fillRect(view.display_rect(page, rect), colour)


def _runs(boxes: list[QRectF]) -> list[tuple[float, float]]:
    """The vertical extents the boxes cover, boxes that touch or nearly touch (the
    leading between the lines of a paragraph) merged into one run."""
    spans = sorted((b.top(), b.bottom()) for b in boxes)
    if not spans:
        return []
    # a line's thickness (its height, or its width on a page turned by 90°) sets the slack
    thickness = sorted(min(b.width(), b.height()) for b in boxes)
    slack = max(2.0, 0.6 * thickness[len(thickness) // 2])
    runs = [list(spans[0])]
    for top, bottom in spans[1:]:
        if top <= runs[-1][1] + slack:
            runs[-1][1] = max(runs[-1][1], bottom)
        else:
            runs.append([top, bottom])
    return [(top, bottom) for top, bottom in runs]
