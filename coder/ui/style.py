"""The app's style: the platform's, with tick boxes and radio buttons that stay visible
under a dark palette. Fusion draws an unticked box in shades of the window colour, so on a
dark palette an unticked box in a list (attribute choices, coders, documents to assign)
is invisible; this proxy outlines every box in the text colour."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption

_BOXES = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


class VisibleTicks(QProxyStyle):
    def drawPrimitive(self, element, option: QStyleOption, painter: QPainter, widget=None):
        super().drawPrimitive(element, option, painter, widget)
        if element not in (*_BOXES, QStyle.PrimitiveElement.PE_IndicatorRadioButton):
            return
        edge = QColor(option.palette.color(QPalette.ColorRole.Text))
        edge.setAlpha(150)
        size = min(option.rect.width(), option.rect.height(), 16)
        box = QRectF(0, 0, size - 1, size - 1)
        box.moveCenter(QRectF(option.rect).center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(QColor(0, 0, 0, 0))
        if element in _BOXES:
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        else:
            painter.drawEllipse(box.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.restore()


def install_style(app: QApplication) -> None:
    """Wrap the app's style once (idempotent)."""
    if not isinstance(app.style(), VisibleTicks):
        app.setStyle(VisibleTicks(app.style().name()))
