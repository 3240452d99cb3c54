"""Tick boxes stay visible under a dark palette (Fusion draws an unticked one in the
window's own shades)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem, QStyleFactory

from coder.ui.style import VisibleTicks

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e0e0e0",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2b2b2b",
    QPalette.ColorRole.Text: "#e0e0e0",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e0e0e0",
}


def _contrasting_pixels(styled: bool, qtbot) -> int:
    """Pixels of an unticked list item's box that stand out from the dark background."""
    style = VisibleTicks("Fusion") if styled else QStyleFactory.create("Fusion")
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    view = QListWidget()
    qtbot.addWidget(view)
    view.setStyle(style)
    view.setPalette(palette)
    item = QListWidgetItem("")  # no text: only the box can stand out
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    view.addItem(item)
    view.resize(200, 80)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualItemRect(item).translated(view.viewport().pos())
    image = view.grab(rect).toImage()
    base = QColor(DARK[QPalette.ColorRole.Base]).lightness()
    return sum(
        abs(image.pixelColor(x, y).lightness() - base) > 60
        for x in range(image.width())
        for y in range(image.height())
    )


def test_the_app_installs_the_style(window):
    assert isinstance(QApplication.instance().style(), VisibleTicks)


@pytest.mark.parametrize("styled", [False, True], ids=["fusion", "review-coder"])
def test_an_unticked_box_is_visible_under_a_dark_palette(styled, qtbot):
    seen = _contrasting_pixels(styled, qtbot)
    if styled:
        assert seen >= 30  # the box's outline: about 4 × 12 pixels
    else:
        assert seen < 10  # the reason for the style: Fusion's box all but vanishes
