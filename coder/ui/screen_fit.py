"""Windows and dialogs that open within the screen they are on.

A fixed size (the Analysis dialog's 1100 × 720) puts the buttons off a 1024 × 700
laptop screen; every window and dialog asks for its size through ``fit_size``, which
takes what the screen has room for."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: room left for the window frame and title bar, which a widget's own size leaves out
FRAME_W, FRAME_H = 16, 40


def available(widget: QWidget) -> QRect:
    """The available geometry of the screen the widget (or its parent) is on."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_size(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` × ``height``, or as much of it as the screen has room for."""
    room = available(widget)
    widget.resize(min(width, room.width() - FRAME_W), min(height, room.height() - FRAME_H))


def keep_on_screen(widget: QWidget) -> None:
    """Shrink a top-level widget to the screen and move it fully onto it."""
    room = available(widget)
    frame = widget.frameGeometry()
    extra_w = max(0, frame.width() - widget.width())
    extra_h = max(0, frame.height() - widget.height())
    width = min(widget.width(), room.width() - extra_w)
    height = min(widget.height(), room.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), room.x()), room.x() + room.width() - frame.width())
    y = min(max(frame.y(), room.y()), room.y() + room.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


def roomy(panel: QWidget) -> QScrollArea:
    """A panel in a scroll area, so its dock can be made narrow (or short) without
    holding the page view to the panel's own minimum size."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(panel)
    area.setAccessibleName(panel.accessibleName())
    return area
