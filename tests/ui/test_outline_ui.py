"""The Outline dock, citations with paragraphs and structure corrections in the app."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.project import codings
from coder.project import structure as stored
from coder.project.store import Project
from coder.text.matcher import phrase_query
from tests.dump import table_dump
from tests.structure.corpus import numbered_report


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("outline") / "DHR Adult A.pdf"
    path.write_bytes(numbered_report().data)
    return path


@pytest.fixture
def opened(window, qtbot, tmp_path, report_pdf):
    path = tmp_path / "study.rcproj"
    with Project.create(path) as project:
        import_pdf(project, report_pdf, "Zoe Tester")
        autocode(project, "Risk", phrase_query("DASH risk assessment"), "Zoe Tester")
    assert window.open_project(path)
    qtbot.waitUntil(lambda: window.doc is not None)
    window.outline_dock.show()
    window.outline_dock.raise_()
    qtbot.waitUntil(lambda: window.outlining.outline.tree.isVisible())
    return window, path


def _items(outline):
    out = []

    def walk(item, depth):
        out.append((depth, item.text(0), item.text(1)))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(outline.tree.topLevelItemCount()):
        walk(outline.tree.topLevelItem(i), 0)
    return out


def _find(menu, text):
    for act in menu.actions():
        if act.text().replace("&", "").startswith(text):
            return act
        found = _find(act.menu(), text) if act.menu() else None
        if found:
            return found
    return None


def _action(menu, text):
    found = _find(menu, text)
    assert found is not None, f"no action {text!r}"
    return found


def test_outline_lists_headings_by_level_and_clicking_jumps(opened, qtbot):
    window, _ = opened
    heads = stored.in_force(window.session.project, window.doc.id).headings
    items = _items(window.outlining.outline)
    assert [(d + 1, label, kind) for d, label, kind in items] == [
        (h.level, h.label, h.kind) for h in heads
    ]
    analysis = next(h for h in heads if h.title == "Analysis")
    item = window.outlining.outline.heading_item(analysis.start)
    window.outlining.outline.tree.scrollToItem(item)
    # the part of the row in view: the Outline dock may be narrower than the row
    rect = window.outlining.outline.tree.visualItemRect(item).intersected(
        window.outlining.outline.tree.viewport().rect()
    )
    QTest.mouseClick(
        window.outlining.outline.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert window.page_view.flash == (analysis.start, analysis.end)
    assert window.page_view.current_page() == analysis.page
    # the current section follows the scrolling
    qtbot.waitUntil(lambda: window.outlining.outline.current_heading() == analysis)
    # scrolling elsewhere (here: to a paragraph of a later section) follows too
    paras = window.doc.structure.paragraphs
    para = next(p for p in paras[len(paras) // 3 :] if p.start > analysis.end + 2000)
    section = window.doc.locator.heading_at(para.start)
    assert section != analysis
    window.page_view.reveal(para.start, para.end, flash=False)
    qtbot.waitUntil(lambda: window.outlining.outline.current_heading() == section)


def _column(outline, col):
    """A column's text for every heading, in tree order (the headings' text order)."""
    out = []

    def walk(item):
        out.append(item.text(col))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(outline.tree.topLevelItemCount()):
        walk(outline.tree.topLevelItem(i))
    return out


def _spans_by_scan(structure):
    """Each heading's numbered paragraphs (first–last), by a scan of every paragraph: the
    reference the Outline's one pass must agree with."""
    heads, paras = structure.headings, structure.paragraphs
    spans = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else None
        mine = [p.number for p in paras if p.start >= h.start and (end is None or p.start < end)]
        spans.append("" if not mine else mine[0] if len(mine) == 1 else f"{mine[0]}–{mine[-1]}")
    return spans


def test_outline_gives_each_heading_its_paragraphs_and_follows_a_marked_one(
    opened, qtbot, monkeypatch
):
    window, _ = opened
    outline = window.outlining.outline
    force = stored.in_force(window.session.project, window.doc.id)
    spans = _spans_by_scan(force)
    assert _column(outline, 3) == spans
    assert spans[3] == "1.1–1.2" and spans[-1] == ""  # a section's range; an empty one
    assert outline.note.text() == (
        f"{len(force.headings)} headings, {len(force.paragraphs)} numbered paragraphs. "
        "Click a heading to go to it; right-click to correct it."
    )
    # marking a paragraph through the context menu: the Outline shows it in its section
    text = window.doc.text
    para = force.paragraphs[5]
    start = text.index(". ", para.start) + 2
    window.page_view.select_range(start, start + 5)
    window._selection_changed()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("9.99", True))
    _action(outline.context_menu(), "Mark a numbered paragraph").trigger()
    marked = stored.in_force(window.session.project, window.doc.id)
    assert len(marked.paragraphs) == len(force.paragraphs) + 1
    assert _column(outline, 3) == _spans_by_scan(marked) != spans
    assert outline.note.text().startswith(
        f"{len(marked.headings)} headings, {len(marked.paragraphs)} numbered paragraphs."
    )
    window.undo_act.trigger()
    assert _column(outline, 3) == spans


def test_keyboard_enter_jumps_to_the_heading(opened, qtbot):
    window, _ = opened
    heads = stored.in_force(window.session.project, window.doc.id).headings
    tree = window.outlining.outline.tree
    tree.setFocus()
    tree.setCurrentItem(window.outlining.outline.heading_item(heads[2].start))
    QTest.keyClick(tree, Qt.Key.Key_Down)
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.page_view.flash == (heads[3].start, heads[3].end)


def test_corrections_from_the_context_menu_are_undoable(opened, qtbot, monkeypatch):
    window, _ = opened
    outline = window.outlining.outline
    start_dump = table_dump(window.session.project)
    heads = stored.in_force(window.session.project, window.doc.id).headings
    chronology = next(h for h in heads if h.title.startswith("Chronology"))
    outline.tree.setCurrentItem(outline.heading_item(chronology.start))
    _action(outline.context_menu(), "analysis").trigger()
    assert outline.heading_item(chronology.start).text(1) == "analysis"
    window.undo_act.trigger()
    assert outline.heading_item(chronology.start).text(1) == "chronology"
    window.redo_act.trigger()
    assert outline.heading_item(chronology.start).text(1) == "analysis"

    lessons = next(h for h in heads if h.title == "Lessons learned")
    outline.tree.setCurrentItem(outline.heading_item(lessons.start))
    _action(outline.context_menu(), "Merge into the heading before").trigger()
    assert outline.heading_item(lessons.start) is None
    window.undo_act.trigger()
    assert outline.heading_item(lessons.start) is not None

    text = window.doc.text
    para = stored.in_force(window.session.project, window.doc.id).paragraphs[5]
    start = text.index(". ", para.start) + 2  # the second sentence of paragraph 6
    window.page_view.select_range(start, start + 5)
    window._selection_changed()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("9.99", True))
    _action(outline.context_menu(), "Mark a numbered paragraph").trigger()
    numbers = [p.number for p in window.doc.structure.paragraphs]
    assert "9.99" in numbers
    window.undo_act.trigger()
    assert "9.99" not in [p.number for p in window.doc.structure.paragraphs]
    window.undo_act.trigger()  # the section's kind: the rows are as they were, byte for byte
    assert outline.heading_item(chronology.start).text(1) == "chronology"
    assert table_dump(window.session.project) == start_dump


def test_copy_with_citation_gives_the_paragraph(opened):
    window, _ = opened
    coding = codings.list_codings(window.session.project)[0]
    para = window.doc.locator.paragraph_at(coding.char_start)
    assert para is not None
    window.page_view.clear_selection()
    window.page_view.selected_coding = coding.id
    window.copy_act.trigger()
    quote = " ".join(coding.quote.split())
    expected = f"“{quote}” (DHR Adult A, para {para.number}, p. {coding.page_start})"
    assert QApplication.clipboard().text() == expected


def test_paragraph_numbers_in_the_margin(opened, qtbot):
    window, _ = opened
    view = window.page_view
    first = window.doc.structure.paragraphs[0]
    view.go_to_page(first.page)
    before = view.viewport().grab().toImage()
    window.outlining.paragraph_numbers_act.trigger()
    assert view.show_paragraph_numbers
    after = view.viewport().grab().toImage()
    assert before != after
    window.outlining.paragraph_numbers_act.trigger()
    assert not view.show_paragraph_numbers


def test_excerpts_show_paragraphs_and_filter_by_section_kind(opened):
    window, _ = opened
    panel = window.excerpts
    rows = codings.list_codings(window.session.project)
    panel.show_code(rows[0].code_id, "Risk")
    assert panel.table.rowCount() == len(rows)
    col = panel.COLUMNS.index("Paragraph")
    for r, e in enumerate(panel.items):
        assert panel.table.item(r, col).text() == f"para {e.paragraph}"
    kinds = [e.section_kind for e in panel.items]
    panel.section_kind.setCurrentIndex(panel.section_kind.findData("analysis"))
    assert panel.table.rowCount() == kinds.count("analysis") > 0


def test_a_project_without_structure_gets_it_on_a_worker(window, qtbot, tmp_path, report_pdf):
    path = tmp_path / "old.rcproj"
    with Project.create(path) as project:
        document_id = import_pdf(project, report_pdf, "Zoe Tester").document.id
        force = stored.in_force(project, document_id)
    conn = sqlite3.connect(path)  # as before structure existed
    conn.execute("UPDATE pages SET line_styles = NULL")
    for table in ("structures", "headings", "paragraphs"):
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert not stored.is_detected(project, document_id)
    assert window.open_project(path)
    job = window.outlining.structure_job
    assert job is not None
    qtbot.waitUntil(lambda: window.outlining.structure_job is None, timeout=20000)
    assert stored.is_detected(window.session.project, document_id)
    assert stored.in_force(window.session.project, document_id) == force
    assert window.outlining.outline.note.text().startswith(f"{len(force.headings)} headings")
    assert len(_items(window.outlining.outline)) == len(force.headings)


def test_the_demo_shows_an_outline(window, qtbot):
    window.projects.demo_act.trigger()
    qtbot.waitUntil(lambda: window.doc is not None)
    labels = [label for _, label, _ in _items(window.outlining.outline)]
    assert "1 Introduction" in labels
    assert window.doc.structure.paragraphs[0].number == "1.1"
    coding = next(c for c in window.doc.codings if c.kind == "text")
    window.page_view.clear_selection()
    window.page_view.selected_coding = coding.id
    window.copy_act.trigger()
    assert ", para " in QApplication.clipboard().text()


def test_search_and_analysis_views_filter_by_section_kind(opened, qtbot):
    window, _ = opened
    window.analyses.search_all_act.trigger()
    panel = window.search
    panel.edit.setText("DASH risk assessment")
    QTest.keyClick(panel.edit, Qt.Key.Key_Return)
    every = list(panel.hits)
    panel.section_kind.setCurrentIndex(panel.section_kind.findData("analysis"))
    assert [h.start for h in panel.hits] == [
        h.start for h in every if window.doc.locator.heading_at(h.start).kind == "analysis"
    ]
    assert 0 < len(panel.hits) < len(every)
    assert panel.table.item(0, 3).text() == panel.hits[0].paragraph != ""
    window.analyses.analysis_act.trigger()
    view = window.analyses.dialog
    total = len(view.pool.codings)
    view.section_kind.setCurrentIndex(view.section_kind.findData("analysis"))
    assert {c.section_kind for c in view.pool.codings} == {"analysis"}
    assert 0 < len(view.pool.codings) < total
