"""The window as it was left: its size and docks, the project, and in it the document,
page and zoom come back on reopening; View → Reset layout puts the docks back."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from coder.ui.app import open_window
from coder.ui.panels import DOC_ID_ROLE


@pytest.fixture
def opened(qtbot):
    """Windows opened as the app opens them; each closed (as a person closes it) unless
    the test did, and the app's error hook taken off again."""
    hook = sys.excepthook
    windows = []

    def make():
        window = open_window()
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
    sys.excepthook = hook


def _open_another_document(window, qtbot) -> str:
    """Double-click a document other than the open one in the Documents list."""
    view = window.documents.view
    model = view.model()
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(DOC_ID_ROLE) != window.doc.id
    )
    index = model.index(row, 0)
    wanted = index.data(DOC_ID_ROLE)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    # a press and release, then the double-click, as a mouse sends them
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.doc.id == wanted)
    return wanted


def test_closing_and_reopening_the_window_restores_where_the_reader_was(opened, qtbot):
    first = opened()
    assert first.session is None  # nothing to reopen the first time
    first.projects.demo_act.trigger()
    qtbot.waitUntil(lambda: first.doc is not None)
    document = _open_another_document(first, qtbot)
    project = first.session.project.path
    view = first.page_view
    view.setFocus()
    first.viewing.zoom_in_act.trigger()
    first.viewing.zoom_in_act.trigger()
    zoom = view.scale
    box = first.page_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "3")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.current_page() == 3)
    first.codebook_dock.toggleViewAction().trigger()  # hide the codebook
    assert not first.codebook_dock.isVisible()
    first.showNormal()
    first.resize(720, 560)
    qtbot.wait(50)
    size = first.size()
    first.close()

    second = opened()
    qtbot.waitUntil(lambda: second.doc is not None)
    assert second.session.project.path == project
    assert second.doc.id == document
    assert second.page_view.scale == pytest.approx(zoom, abs=1e-6)
    assert second.page_view.fit_mode is None
    qtbot.waitUntil(lambda: second.page_view.current_page() == 3)
    assert second.page_box.value() == 3
    assert not second.codebook_dock.isVisible()
    assert second.size() == size

    second.viewing.reset_layout_act.trigger()
    assert second.codebook_dock.isVisible()
    docks = {d.objectName(): d for d in second.findChildren(QDockWidget)}
    assert not any(d.isFloating() for d in docks.values())
    left = second.dockWidgetArea(second.documents_dock)
    assert left == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.dockWidgetArea(second.codebook_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_a_fitted_zoom_is_remembered_as_fitted(opened, qtbot):
    first = opened()
    first.projects.demo_act.trigger()
    qtbot.waitUntil(lambda: first.doc is not None)
    assert first.page_view.fit_mode == "width"
    first.close()
    second = opened()
    qtbot.waitUntil(lambda: second.doc is not None)
    assert second.page_view.fit_mode == "width"


def test_reset_layout_brings_back_a_closed_and_a_floated_dock(window, qtbot):
    window.open_demo()
    window.history_dock.setFloating(True)
    window.codebook_dock.close()
    window.documents_dock.toggleViewAction().trigger()
    assert not window.documents_dock.isVisible()
    window.viewing.reset_layout_act.trigger()
    qtbot.wait(20)
    assert window.codebook_dock.isVisible() and window.documents_dock.isVisible()
    assert not window.history_dock.isFloating()
    assert window.tabifiedDockWidgets(window.excerpts_dock)  # tabbed with the others again
    assert window.page_view.width() > window.width() / 2
