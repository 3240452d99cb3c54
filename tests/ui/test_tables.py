"""Analysis tables for a codebook of 48 codes: sortable by any column (numbers as
numbers), code columns narrow under rotated titles with each code's whole path in the
tooltip; and the legend of which number key applies which code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_text
from coder.project import coders, codes, documents
from coder.project.store import Project
from coder.ui.headers import RotatedHeader
from tests.conftest import sample_pdf

N_CODES = 48


def _path(i: int) -> str:
    return f"Area {i // 8 + 1} of police activity/Practice issue number {i + 1:02d}"


def _count(i: int) -> int:
    return 12 if i == 5 else i % 4  # one code with 12 codings: "12" sorts after "3"


@pytest.fixture
def many(window, tmp_path, qtbot):
    data, _ = sample_pdf()
    pdf = tmp_path / "sample review.pdf"
    pdf.write_bytes(data)
    path = tmp_path / "many codes.rcproj"
    with Project.create(path) as project:
        doc = import_pdf(project, pdf, "Zoe Tester").document
        text = documents.document_text(project, doc.id)
        starts = [i for i, ch in enumerate(text) if ch == " "]
        with project.write():
            coder = coders.ensure_coder(project, "Zoe Tester").id
            ids = [codes.ensure_path(project, _path(i), coder) for i in range(N_CODES)]
        for i, code_id in enumerate(ids):
            for k in range(_count(i)):
                code_text(project, doc.id, code_id, coder, starts[k] + 1, starts[k + 1])
    window.resize(1400, 900)
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.doc is not None)
    return window


def _click_header(qtbot, table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def _column(table, column: int) -> list[str]:
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_frequencies_sort_by_a_clicked_header_numbers_as_numbers(many, qtbot):
    view = many.analyses.show_analysis()
    table = view.frequencies
    came_in = _column(table, 0)
    counts = dict(zip(came_in, (int(x) for x in _column(table, 1)), strict=True))
    assert counts[_path(5)] == 12 and counts["Area 1 of police activity"] == 23  # rolled up
    _click_header(qtbot, table, 1)  # Codings
    ascending = [int(x) for x in _column(table, 1)]
    assert ascending == sorted(counts.values())  # as numbers: 12 after 3, 23 after 12
    _click_header(qtbot, table, 1)
    assert _column(table, 1)[:2] == ["23", "12"]
    assert _column(table, 0)[:2] == ["Area 1 of police activity", _path(5)]
    # copy and export take the order shown
    copied = view.copy_table(table).splitlines()
    assert [line.split("\t")[1] for line in copied[1:3]] == ["23", "12"]
    _click_header(qtbot, table, 1)  # a third click: the order they came in
    assert _column(table, 0) == came_in
    _click_header(qtbot, table, 0)
    assert _column(table, 0) == sorted(came_in, key=str.casefold)
    # a click on a cell still lists the cell's excerpts after sorting
    _click_header(qtbot, table, 1)
    _click_header(qtbot, table, 1)
    cell = table.visualRect(table.model().index(1, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert view.excerpts.count() == 12


def test_48_code_columns_are_narrow_under_rotated_titles_with_the_path_in_the_tooltip(many, qtbot):
    view = many.analyses.show_analysis()
    view.tabs.setCurrentIndex(1)  # reviews × codes
    table = view.matrix
    header = table.horizontalHeader()
    assert isinstance(header, RotatedHeader)
    model = table.model()
    columns = model.columnCount()
    assert columns == N_CODES + 6  # and the six parents
    widths = [header.sectionSize(c) for c in range(columns)]
    assert max(widths) <= 40
    assert header.height() <= 180
    tips = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for c in range(columns)
    ]
    assert set(tips) == {_path(i) for i in range(N_CODES)} | {
        f"Area {n} of police activity" for n in range(1, 7)
    }
    view.tabs.setCurrentIndex(3)  # co-occurrence: codes down and across
    cooc = view.cooccurrence
    assert isinstance(cooc.horizontalHeader(), RotatedHeader)
    assert [
        cooc.model().headerData(r, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
        for r in range(columns)
    ] == cooc.model().header  # each row's whole path, as each column's
    # sorting the matrix by a code column orders the reviews by it (one review here)
    column = tips.index(_path(5))
    _click_header(qtbot, table, column)
    assert model.index(0, column).data() == "12"


def test_the_number_key_legend_shows_which_code_each_key_applies(many, qtbot, dialogs):
    window = many
    view = window.page_view
    legend = window.key_legend
    assert legend.isHidden()  # no code used yet

    def quick(name: str) -> None:
        view.select_range(0, 8)
        dialogs.answer(lambda d: (d.edit.setText(name), d.edit.returnPressed.emit()))
        window.coding.quick_act.trigger()
        assert dialogs.seen[-1].kind == "QuickCodeDialog"

    quick("Practice issue number 07")
    quick("Practice issue number 09")
    assert not legend.isHidden()
    names = [c.accessibleName() for c in legend.chips[1:]]
    assert names == ["Key 1: Practice issue number 09", "Key 2: Practice issue number 07"]
    assert legend.chips[2].toolTip() == f"2: {' › '.join(_path(6).split('/'))}"
    # key 2 applies the code the legend shows for it; then that code is key 1
    view.select_range(10, 20)
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_2)
    names = [c.accessibleName() for c in legend.chips[1:]]
    assert names == ["Key 1: Practice issue number 07", "Key 2: Practice issue number 09"]
