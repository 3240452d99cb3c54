"""Judgement, effect and explains links in the app, and the codings to recode after a
codebook split: through the real actions, menus and buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu

from coder.codebook.yaml_format import parse_yaml
from coder.coding.autocode import autocode
from coder.coding.codebooks import load_codebook
from coder.coding.ingest import import_pdf
from coder.project import coders, codes, codings, links
from coder.project.store import Project
from coder.text.matcher import phrase_query
from tests.conftest import sample_pdf

BOOK = """
title: UI test
codes:
- id: 0a0a0a0a-0000-4000-8000-000000000001
  name: Practice
  judgement: true
  effect: false
  children:
  - {id: 0a0a0a0a-0000-4000-8000-000000000002, name: Risk}
  - {id: 0a0a0a0a-0000-4000-8000-000000000003, name: Old}
- id: 0a0a0a0a-0000-4000-8000-000000000004
  name: Factors
  judgement: false
  effect: true
  children: [{id: 0a0a0a0a-0000-4000-8000-000000000005, name: Supervision}]
"""
SPLIT = BOOK.replace(
    "  - {id: 0a0a0a0a-0000-4000-8000-000000000003, name: Old}",
    "  - id: 0a0a0a0a-0000-4000-8000-000000000003\n    name: Old\n"
    "    split_into: [0a0a0a0a-0000-4000-8000-000000000006, 0a0a0a0a-0000-4000-8000-000000000007]\n"
    "  - {id: 0a0a0a0a-0000-4000-8000-000000000006, name: New A}\n"
    "  - {id: 0a0a0a0a-0000-4000-8000-000000000007, name: New B}",
)


@pytest.fixture
def judged(window, tmp_path, qtbot):
    data, _ = sample_pdf()
    pdf = tmp_path / "sample review.pdf"
    pdf.write_bytes(data)
    path = tmp_path / "study.rcproj"
    with Project.create(path) as project:
        import_pdf(project, pdf, "Zoe Tester")
        with project.write():
            coders.ensure_coder(project, "Zoe Tester")
        load_codebook(project, parse_yaml(BOOK, "book.yaml"), None)
        autocode(project, "Practice/Risk", phrase_query("DASH risk"), "Zoe Tester")
        autocode(
            project, "Factors/Supervision", phrase_query("made by the supervisor"), "Zoe Tester"
        )
        autocode(project, "Practice/Old", phrase_query("MARAC referral"), "Zoe Tester")
    assert window.open_project(path)
    window.page_view.set_scale(1.0)
    qtbot.waitUntil(lambda: window.doc is not None)
    project = window.session.project
    found = {codes.code_tree(project).name[c.code_id]: c for c in codings.list_codings(project)}
    return window, found


def _menu_texts(window, coding, monkeypatch) -> list[str]:
    """The right-click menu on a coding, as the user gets it."""
    shown: list[str] = []

    class Recording(QMenu):  # the menu as built, recorded instead of shown
        def exec(self, *args):
            shown.extend(x.text() for x in self.actions())

    monkeypatch.setattr("coder.ui.window_coding.QMenu", Recording)
    view = window.page_view
    rect = coding.rects[0]
    x0, y0, x1, y1 = rect.rect
    box = view.display_rect(
        rect.page, ((x0 + x1) / 2, (y0 + y1) / 2, (x0 + x1) / 2 + 0.01, (y0 + y1) / 2 + 0.01)
    )
    view.customContextMenuRequested.emit(box.topLeft().toPoint())
    return [t for t in shown if t]


def test_menus_offer_only_what_the_code_takes(judged, monkeypatch):
    window, found = judged
    practice = _menu_texts(window, found["Risk"], monkeypatch)
    assert "Judgement: &missed opportunity" in practice
    assert not any(t.startswith("Effect:") for t in practice)
    assert "E&xplains…" not in practice
    factor = _menu_texts(window, found["Supervision"], monkeypatch)
    assert "Effect: &hinders practice" in factor and "E&xplains…" in factor
    assert not any(t.startswith("Judgement:") for t in factor)


def test_judgement_and_explains_are_undoable_actions(judged, monkeypatch):
    window, found = judged
    project = window.session.project
    risk, supervision = found["Risk"], found["Supervision"]
    window.page_view.selected_coding = risk.id
    window.judging.missed_act.trigger()
    assert codings.get_coding(project, risk.id).judgement == "missed_opportunity"
    window.undo_act.trigger()
    assert codings.get_coding(project, risk.id).judgement is None
    window.redo_act.trigger()
    assert codings.get_coding(project, risk.id).judgement == "missed_opportunity"
    window.codebook.select_code(risk.code_id)  # the coded excerpts show the judgement
    panel = window.excerpts
    assert panel.COLUMNS[8] == "Judgement"
    assert panel.table.item(0, 8).text() == "missed opportunity"
    # a factor coding takes no judgement: the shortcut says so and changes nothing
    window.page_view.selected_coding = supervision.id
    window.judging.good_act.trigger()
    assert codings.get_coding(project, supervision.id).judgement is None
    assert "takes no judgement" in window.statusBar().currentMessage()
    # the factor explains the practice coding, chosen from the list the dialog offers
    offered: list[list[str]] = []

    def answer(parent, title, label, items, current, editable):
        offered.append(list(items))
        return next(i for i in items if "Practice/Risk" in i), True

    monkeypatch.setattr(QInputDialog, "getItem", answer)
    window.judging.explains_act.trigger()
    assert len(offered[0]) == 2  # Risk and Old take a judgement; Supervision does not
    (link,) = links.list_links(project)
    assert (link.from_coding_id, link.to_coding_id) == (supervision.id, risk.id)
    window.undo_act.trigger()
    assert links.list_links(project) == []
    window.redo_act.trigger()
    assert [k.id for k in links.list_links(project)] == [link.id]
    # removing it is undoable too, and brings back the same link
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: (a[3][0], True))
    window.judging.unlink_act.trigger()
    assert links.list_links(project) == []
    window.undo_act.trigger()
    assert [k.id for k in links.list_links(project)] == [link.id]


def test_codings_to_recode_after_a_split(judged, tmp_path, qtbot):
    window, found = judged
    project = window.session.project
    book = tmp_path / "v2.yaml"
    book.write_text(SPLIT, encoding="utf-8")
    assert window.projects.load_codebook(book)
    assert "1 codings of split codes flagged to recode" in window.statusBar().currentMessage()
    window.judging.recode_act.trigger()
    dialog = window.judging.recode_dialog
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Old"
    assert dialog.table.item(0, 2).toolTip() == "Practice/Old"
    assert [dialog.choice.itemText(i) for i in range(dialog.choice.count())] == [
        "Practice/New A",
        "Practice/New B",
    ]
    dialog.choice.setCurrentIndex(1)
    qtbot.mouseClick(dialog.recode_button, Qt.MouseButton.LeftButton)
    old = found["Old"]
    assert codes.code_tree(project).name[codings.get_coding(project, old.id).code_id] == "New B"
    assert dialog.table.rowCount() == 0
    window.undo_act.trigger()
    assert codings.get_coding(project, old.id).code_id == old.code_id
    assert dialog.table.rowCount() == 1
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 0
    assert codings.get_coding(project, old.id).code_id == old.code_id
    window.undo_act.trigger()
    assert dialog.table.rowCount() == 1
    # undoing the load takes its flags away with its codes
    window.undo_act.trigger()
    assert dialog.table.rowCount() == 0
    assert codes.get_code(project, "0a0a0a0a-0000-4000-8000-000000000006") is None


def test_analysis_view_rolls_up_by_framework(window, qtbot):
    from coder.analysis.framework_rollup import Rollup
    from coder.analysis.pool import Pool
    from coder.codebook.files import shipped_dir
    from coder.codebook.framework_file import load_framework
    from coder.coding.frameworks import import_framework

    window.open_demo()
    project = window.session.project
    for name in ("four-areas", "perennial-issues"):
        import_framework(
            project, load_framework(shipped_dir() / "frameworks" / f"{name}.yaml"), None
        )
    window.analyses.analysis_act.trigger()
    view = window.analyses.dialog
    view.tabs.setCurrentIndex(4)
    tab = view.framework
    assert [tab.choice.itemText(i) for i in range(tab.choice.count())] == [
        "College of Policing perennial issues",
        "Four areas of police activity",
    ]
    # the perennial issues as shipped: said to be empty, not shown as a table
    tab.choice.setCurrentIndex(0)
    assert tab.mapping.text().startswith(
        "The framework 'College of Policing perennial issues' has no"
    )
    assert tab.table.model().rowCount() == 0
    tab.choice.setCurrentIndex(1)
    assert tab.mapping.text().startswith(
        "By framework 'Four areas of police activity' (verified): 4 categories, 4 codes mapped."
    )
    model = tab.table.model()
    assert model.header == [
        "Identifying and managing risk",
        "Victim engagement and care",
        "Evidence and investigation",
        "Collaborative working",
    ]
    rollup = Rollup(Pool([project]), "Four areas of police activity")
    counts = rollup.unit_counts()
    pool = Pool([project])
    units = sorted(pool.units.values(), key=lambda u: u.name.casefold())
    for r, unit in enumerate(units):
        assert [model.index(r, c).data() for c in range(4)] == [
            str(counts[unit.key].get(cat, 0)) for cat in model.header
        ]
    view.show()
    cell = tab.table.visualRect(model.index(0, 0)).center()
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert view.excerpts.count() == counts[units[0].key]["Identifying and managing risk"] > 0


def test_load_framework_from_the_file_menu_is_undoable(judged, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from coder.project import frameworks

    window, _ = judged
    project = window.session.project
    mapped = tmp_path / "fw.yaml"
    mapped.write_text(
        "format: review-coder-framework/1\nname: Mine\nstatus: unverified\ncategories:\n"
        "- name: Practice\n  codes: [0a0a0a0a-0000-4000-8000-000000000001]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(mapped), ""))
    window.judging.load_framework_act.trigger()
    (fw,) = frameworks.list_frameworks(project)
    assert (fw.name, [c.codes for c in fw.categories]) == (
        "Mine",
        [("0a0a0a0a-0000-4000-8000-000000000001",)],
    )
    assert "1 categories, 1 codes mapped" in window.statusBar().currentMessage()
    # a second version replaces it; undo puts the first back, undo again removes it
    mapped.write_text(mapped.read_text().replace("name: Practice", "name: Renamed"))
    window.judging.load_framework_act.trigger()
    assert [c.name for c in frameworks.list_frameworks(project)[0].categories] == ["Renamed"]
    window.undo_act.trigger()
    assert [c.name for c in frameworks.list_frameworks(project)[0].categories] == ["Practice"]
    window.undo_act.trigger()
    assert frameworks.list_frameworks(project) == []
    window.redo_act.trigger()
    assert [f.name for f in frameworks.list_frameworks(project)] == ["Mine"]
