"""Analysis views, search panel, theme report and export from the app (on the demo)."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication

from coder.analysis.pool import Pool
from coder.project import codes, codings


@pytest.fixture
def demo(window):
    window.open_demo()
    return window


def _cell(table, row_label, column_label):
    """(row, column) of a cell by its row label (or first cell) and column header."""
    model = table.model()
    rows = model.row_labels or [row[0] for row in model.cells]
    return rows.index(row_label), model.header.index(column_label)


def _text(table, row, column):
    return table.model().index(row, column).data()


def test_frequencies_matrix_crosstab_and_cooccurrence_match_the_pool(demo, qtbot):
    view = demo.analyses.show_analysis()
    view.fill_all()
    project = demo.session.project
    pool = Pool([project])
    assert view.summary.text() == f"3 reviews, {len(pool.codings)} codings"
    freq = {row[0]: tuple(row[1:]) for row in view.frequencies.model().cells}
    expected = {c.path: (str(n), str(u), f"{s:.0%}") for c, n, u, s in pool.frequencies(True)}
    assert freq == expected
    assert freq["Victim engagement and care/Voice and lived experience"][1:] == ("3", "100%")
    # matrix: a review's count of one code, and its excerpts on click
    path = "Underlying patterns/Human-management system/Workload and resources"
    r, c = _cell(view.matrix, "Domestic Homicide Review: Adult A (2022)", path)
    counts = pool.unit_counts(True)
    unit = next(u for u in pool.units.values() if u.name.startswith("Domestic"))
    code = pool.find_code(path)
    assert _text(view.matrix, r, c) == str(counts[unit.key][code.id])
    view.show_cell(view.matrix, r, c)
    assert view.excerpts.count() == counts[unit.key][code.id]
    assert view.excerpts.item(0).text().startswith("Domestic Homicide Review: Adult A (2022), p.")
    # jumping to an excerpt opens its document and selects the coding
    with qtbot.waitSignal(view.excerptActivated):
        view._jump(view.excerpts.item(0))
    assert demo.doc.document.title == "Domestic Homicide Review: Adult A (2022)"
    assert demo.page_view.selected_coding is not None
    # crosstab by review type, with the chart for the first row
    r, c = _cell(view.crosstab, "Identifying and managing risk", "DHR")
    assert _text(view.crosstab, r, c) == "1/1 (100%)"
    assert [b[0] for b in view.chart.bars] == ["CSPR", "DHR", "SAR"]
    # co-occurrence is symmetric
    a, b = (
        "Underlying patterns/Human-management system/Supervision",
        "Collaborative working/Information sharing",
    )
    r1, c1 = _cell(view.cooccurrence, a, b)
    r2, c2 = _cell(view.cooccurrence, b, a)
    assert _text(view.cooccurrence, r1, c1) == _text(view.cooccurrence, r2, c2) == "3"


def test_filters_by_attribute_coder_and_effect(demo):
    view = demo.analyses.show_analysis()
    view.filter_attr.setCurrentText("review type")
    view.filter_value.setCurrentText("SAR")
    assert view.summary.text().startswith("1 reviews, ")
    assert view.frequencies.model().rowCount() > 0
    view.tabs.setCurrentIndex(1)  # other tabs fill when first shown
    assert view.matrix.model().rowCount() == 1
    view.filter_attr.setCurrentText("(any)")
    view.effect.setCurrentIndex(1)  # supports practice
    supports = sum(1 for c in codings.list_codings(demo.session.project) if c.effect == "supports")
    assert view.summary.text() == f"3 reviews, {supports} codings"
    view.coder.setCurrentText("Nobody")
    view.coder.setCurrentIndex(0)
    assert view.pool.coders is None


def test_copy_export_and_chart_files(demo, tmp_path):
    view = demo.analyses.show_analysis()
    view.tabs.setCurrentIndex(0)
    text = view.copy_table(view.frequencies)
    assert QApplication.clipboard().text() == text
    assert text.splitlines()[0] == "Code\tCodings\tReviews\tShare of reviews"
    view.tabs.setCurrentIndex(1)
    assert view.export_table(tmp_path / "matrix.xlsx") == 3
    sheet = openpyxl.load_workbook(tmp_path / "matrix.xlsx").active
    assert sheet["A2"].value.startswith("Child Safeguarding")
    view.tabs.setCurrentIndex(2)
    view.chart.resize(500, 200)
    view.chart.save(tmp_path / "chart.svg")
    view.chart.save(tmp_path / "chart.png")
    svg = (tmp_path / "chart.svg").read_text()
    assert "<svg" in svg and "CSPR" in svg
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"


def test_search_panel_hits_jump_and_code_all_with_undo(demo):
    panel = demo.search
    hits = panel.run("supervisor*")
    documents = len({h.document_id for h in hits})
    assert len(hits) > 0
    assert panel.label.text() == f"{len(hits)} hits in {documents} documents"
    assert panel.table.item(0, 2).text().count("[") == 1
    panel.activate(0)
    assert demo.page_view.selected_text() == hits[0].match
    project = demo.session.project
    code = codes.find_by_path(project, "Underlying patterns/Human-management system/Supervision")
    before = len(codings.list_codings(project, code_id=code))
    assert demo.analyses.code_all_hits(code, confirm=False)
    after = codings.list_codings(project, code_id=code)
    assert len(after) == before + len(hits)
    demo.session.undo_stack.undo()
    assert len(codings.list_codings(project, code_id=code)) == before


def test_theme_report_and_export_from_the_app(demo, tmp_path, qtbot):
    project = demo.session.project
    code = codes.find_by_path(project, "Collaborative working")
    job = demo.analyses.write_report(code, tmp_path / "collab.html")
    with qtbot.waitSignal(job.done, timeout=20000) as wrote:
        pass
    pool = Pool([project])
    assert wrote.args == [len([c for c in pool.codings if c.code in pool.descendants(code)])]
    assert wrote.args[0] > 0
    assert "<h1>Collaborative working</h1>" in (tmp_path / "collab.html").read_text()
    job = demo.analyses.export_segments(tmp_path / "all.csv")
    with qtbot.waitSignal(job.done, timeout=20000) as wrote:
        pass
    assert wrote.args == [len(codings.list_codings(project))]
    with open(tmp_path / "all.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[19:21] == ["modified_at", "project"]
    assert header[26] == "judgement"  # after the structure columns
    assert header[-2:] == ["attr:included in sample", "attr:reason excluded"]
