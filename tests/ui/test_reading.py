"""Reading: the default zoom fits the page width and follows the window until the reader
picks a zoom; the toolbar's page count belongs to the open document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coder.coding.ingest import import_pdf
from coder.project.store import Project
from coder.ui.page_painting import STRIPES
from coder.ui.page_view import MARGIN
from tests.conftest import sample_pdf


@pytest.fixture
def reading(window, tmp_path, qtbot):
    data, _ = sample_pdf()
    pdf = tmp_path / "sample review.pdf"
    pdf.write_bytes(data)
    path = tmp_path / "reading.rcproj"
    with Project.create(path) as project:
        import_pdf(project, pdf, "Zoe Tester")
    window.resize(1600, 1000)
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.doc is not None)
    return window


def _fitted_scale(view) -> float:
    # the sample's widest page is the rotated one: 842 pt across
    return (view.viewport().width() - 2 * MARGIN - STRIPES) / 842


def test_a_document_opens_fitted_to_the_width_and_stays_fitted_as_the_window_resizes(
    reading, qtbot
):
    view = reading.page_view
    assert view.fit_mode == "width"
    assert view.scale == pytest.approx(_fitted_scale(view), abs=1e-6)
    before = view.scale
    reading.resize(reading.width() - 200, reading.height())
    qtbot.waitUntil(lambda: view.scale < before - 0.1)
    assert view.scale == pytest.approx(_fitted_scale(view), abs=1e-6)
    assert view.horizontalScrollBar().maximum() == 0  # nothing hidden to the side


def test_zooming_stops_following_the_width_and_ctrl_0_fits_again(reading, qtbot):
    view = reading.page_view
    fitted = view.scale
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.fit_mode is None
    assert view.scale == pytest.approx(fitted * 1.2)
    zoomed = view.scale
    reading.resize(reading.width() - 150, reading.height())
    qtbot.wait(50)
    assert view.scale == zoomed  # the reader's zoom is kept
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit_mode == "width"
    assert view.scale == pytest.approx(_fitted_scale(view), abs=1e-6)
