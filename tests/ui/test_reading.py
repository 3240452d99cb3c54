"""Reading: the default zoom fits the page width and follows the window until the reader
picks a zoom; the toolbar's page count belongs to the open document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_text
from coder.project import coders, codes, documents
from coder.project.store import Project
from coder.ui.page_painting import STRIPES
from coder.ui.page_view import MARGIN, ZOOM_STEPS
from tests.conftest import sample_pdf
from tests.pdfkit import PdfBuilder


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
    # the sample's pages are 595, 842 (turned by 90°) and 595 pt across: the usual is 595
    return (view.viewport().width() - 2 * MARGIN - STRIPES) / 595


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
    # a portrait page fills the width; the landscape one scrolls sideways
    assert view.stack.sizes[0][0] == pytest.approx(view.viewport().width() - 2 * MARGIN - STRIPES)
    assert view.horizontalScrollBar().maximum() == pytest.approx(
        view.stack.sizes[1][0] - view.stack.sizes[0][0], abs=1
    )


def test_zooming_stops_following_the_width_and_ctrl_0_fits_again(reading, qtbot):
    view = reading.page_view
    fitted = view.scale
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.fit_mode is None
    assert view.scale == min(s for s in ZOOM_STEPS if s > fitted)  # the next usual zoom
    zoomed = view.scale
    reading.resize(reading.width() - 150, reading.height())
    qtbot.wait(50)
    assert view.scale == zoomed  # the reader's zoom is kept
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit_mode == "width"
    assert view.scale == pytest.approx(_fitted_scale(view), abs=1e-6)


def _two_columns(tmp_path, window, qtbot, rotate: int = 0):
    b = PdfBuilder()
    b.page()
    for i, y in enumerate((640, 654, 668, 682)):
        b.line(72, y, f"Left column line {i + 1} ends here")
    for i, y in enumerate((100, 114, 128)):
        b.line(320, y, f"Right column line {i + 1} goes on")
    pdf = tmp_path / "columns.pdf"
    pdf.write_bytes(b.tobytes(rotate={1: rotate} if rotate else None))
    path = tmp_path / "columns.rcproj"
    with Project.create(path) as project:
        doc = import_pdf(project, pdf, "Zoe Tester").document
        text = documents.document_text(project, doc.id)
        start, end = text.index("Left column line 3"), text.index(" goes on")  # into column 2
        with project.write():
            coder = coders.ensure_coder(project, "Zoe Tester").id
            code = codes.ensure_path(project, "Across columns", coder)
        code_text(project, doc.id, code, coder, start, end)
    window.resize(1400, 1000)
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.doc is not None)
    window.page_view.set_scale(1.0)
    return window


@pytest.mark.parametrize("rotate", [0, 90])
def test_margin_stripes_mark_the_lines_of_each_column_not_the_height_between(
    window, qtbot, tmp_path, rotate
):
    view = _two_columns(tmp_path, window, qtbot, rotate).page_view
    (coding,) = view.data.codings
    ((_page, bars),) = view.painting.stripes_for_visible()
    boxes = [view.display_rect(1, r.rect) for r in coding.rects]
    assert len(bars) == 2  # one run of lines in each column
    spans = sorted((b.top(), b.bottom()) for _, b in bars)
    first = [b for b in boxes if b.top() < spans[0][1] + 1]
    second = [b for b in boxes if b.top() >= spans[1][0] - 1]
    assert len(first) + len(second) == len(boxes)
    assert spans[0] == pytest.approx((min(b.top() for b in first), max(b.bottom() for b in first)))
    assert spans[1] == pytest.approx(
        (min(b.top() for b in second), max(b.bottom() for b in second))
    )
    assert spans[0][1] < spans[1][0]  # nothing marked between the columns' lines


def test_a_selected_coding_is_marked_without_an_outline_over_its_text(window, qtbot, tmp_path):
    window = _two_columns(tmp_path, window, qtbot)
    view = window.page_view
    (coding,) = view.data.codings
    box = view.display_rect(1, coding.rects[0].rect)
    point = box.center()
    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert view.selected_coding == coding.id
    qtbot.waitUntil(lambda: view.cache.get((window.doc.id, 1, view.render_scale())) is not None)
    image = view.viewport().grab().toImage()
    edge = QColor(view.data.codes[coding.code_id].colour)
    top = int(box.top()) + 1  # the row an outline would be drawn on
    row = [image.pixelColor(x, top) for x in range(int(box.left()) + 2, int(box.right()) - 2)]
    opaque = [
        c
        for c in row
        if abs(c.red() - edge.red()) + abs(c.green() - edge.green()) + abs(c.blue() - edge.blue())
        < 24
    ]
    assert len(opaque) < 0.1 * len(row)  # a tint, not the code's colour laid over the text
    bar = image.pixelColor(int(box.left()) - 3, int(box.center().y()))
    assert (bar.red(), bar.green(), bar.blue()) == (edge.red(), edge.green(), edge.blue())


def test_no_page_count_without_a_document(reading):
    assert reading.page_count_label.text() == " of 3 "
    reading.projects.close_act.trigger()
    assert reading.page_count_label.text() == ""
    assert not reading.page_box.isEnabled()


def test_import_failures_name_each_file_once(window, tmp_path, qtbot):
    path = tmp_path / "new.rcproj"
    Project.create(path).close()
    assert window.open_project(path)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 half a file")
    run = window.projects.import_paths([str(bad)])
    with qtbot.waitSignal(run.finished, timeout=20000):
        pass
    (box,) = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Import"]
    assert box.detailedText() == (
        "broken.pdf: the PDF is truncated (no end-of-file marker); download or export it again"
    )
    box.close()
