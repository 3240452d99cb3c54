"""Every action in the main window, used the way a researcher uses it.

The walk opens the demo, goes to every place where actions are offered (the menu bar, the
toolbar, the context menus of documents, codebook, page view with a selection and on a
coding, excerpts, memos, history and the analysis tables, the docks' buttons, the
shortcuts) and uses each action there: ``QAction.trigger()``, a mouse click on a button,
a key press on the focused widget. Dialogs are answered by the ``dialogs`` fixture. Any
exception, any call to the app's error hook and any failure message that leaks a value
(such as "no code with id False") fails the test. The
ids are collected from the running app, so an action added later is walked without a new
test. Below the walk, the actions that change the project are checked for what they do.
"""

from __future__ import annotations

import atexit
import csv
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coder.coding import reviews
from coder.project import coders, codes, codings
from coder.project.memos import memos_for
from coder.ui.panels import DOC_ID_ROLE
from tests.ui import conftest
from tests.ui.modal import choose_code, choose_colour, choose_file, press, type_text
from tests.ui.walk import (
    PLACES,
    Bot,
    answer_like_a_person,
    first_coding,
    prepare,
    reach,
    uncoded_point,
)

_IDS: list[str] = []


def _collect_ids() -> list[str]:
    """Open the demo in a main window, walk every place, and list what is offered."""
    if _IDS:
        return _IDS
    from coder.demo.project import ensure_demo
    from coder.ui.app import make_app

    saved = {k: os.environ.get(k) for k in ("REVIEW_CODER_DATA", "REVIEW_CODER_NAME")}
    folder = tempfile.mkdtemp(prefix="action-walk-")
    atexit.register(shutil.rmtree, folder, True)
    os.environ["REVIEW_CODER_DATA"] = folder
    os.environ["REVIEW_CODER_NAME"] = "Zoe Tester"
    try:
        make_app()
        # the walk's window changes its copy; the tests get copies of the pristine one
        pristine = ensure_demo(Path(folder) / "pristine" / "demo.rcproj")
        conftest.BUILT_DEMO.append(pristine)
        shutil.copyfile(pristine, Path(folder) / "demo.rcproj")
        from coder.ui.main_window import MainWindow

        window = MainWindow()
        window.resize(1200, 900)
        window.show()
        QApplication.processEvents()
        prepare(window, Bot)
        for place in PLACES:
            _IDS.extend(reach(window, Bot, place))
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return _IDS


def pytest_generate_tests(metafunc) -> None:
    if "action_id" in metafunc.fixturenames:
        metafunc.parametrize("action_id", _collect_ids())


@pytest.fixture
def errors(window, monkeypatch):
    """What reached the app's error hook (installed as the app installs it)."""
    from coder.ui.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(window)
    app_hook = sys.excepthook
    seen: list[str] = []

    def spy(kind, value, tb) -> None:
        seen.append(f"{kind.__name__}: {value}")
        app_hook(kind, value, tb)

    monkeypatch.setattr(sys, "excepthook", spy)
    return seen


@pytest.fixture
def demo(window, qtbot, errors):
    prepare(window, qtbot)
    failures: list[str] = []
    window.session.failed.connect(failures.append)
    return window, failures


def _place_of(action_id: str) -> str:
    head = action_id.split("/", 1)[0]
    return "context:analysis" if head == "context:analysis" else head


def test_action(demo, qtbot, dialogs, errors, action_id):
    window, failures = demo
    dialogs.default = answer_like_a_person
    offered = reach(window, qtbot, _place_of(action_id))
    assert action_id in offered, f"{action_id} is no longer offered"
    offered[action_id]()
    qtbot.wait(30)
    conftest.WALKED.append(action_id)
    assert errors == []
    # A message that says what to do first (no case-data schema yet) is the app working;
    # one that names a leaked value ("no code with id False") is the bug this walk is for.
    assert [m for m in failures if "\n" in m or re.search(r"\b(False|True|None)\b", m)] == []


@pytest.mark.parametrize("place", PLACES)
def test_the_walk_reaches_every_place(place):
    found = [i for i in _collect_ids() if _place_of(i) == place]
    assert found, f"nothing is offered at {place}"


# -- what the actions do -------------------------------------------------------------------


def _project(window):
    return window.session.project


def _use(window, qtbot, action_id: str) -> None:
    place = _place_of(action_id)
    offered = reach(window, qtbot, place)
    assert action_id in offered, f"{action_id} is not offered; offered: {sorted(offered)}"
    offered[action_id]()
    qtbot.wait(30)


def _click_code(window, qtbot, path: str) -> str:
    """Click a code in the codebook tree, as a person picks it."""
    code_id = codes.find_by_path(_project(window), path)
    assert code_id is not None, path
    tree = window.codebook.view
    index = window.codebook.proxy.mapFromSource(window.codebook.model.index_of(code_id))
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    assert window.codebook.current_code() == code_id
    return code_id


def _everything(window) -> tuple:
    project = _project(window)
    return (
        sorted(
            (c.id, c.parent_id, c.name, c.colour, c.description) for c in codes.list_codes(project)
        ),
        [(c.id, c.code_id, c.effect) for c in codings.list_codings(project)],
    )


def test_add_memo_by_right_click_on_a_coding(demo, qtbot, dialogs, errors):
    window, failures = demo
    coding = first_coding(window)
    dialogs.answer(type_text("No referral was made for months."))
    _use(window, qtbot, "context:page-coding/Add memo to coding…")
    memos = memos_for(_project(window), "coding", coding.id)
    assert [m.text for m in memos] == ["No referral was made for months."]
    assert [s.kind for s in dialogs.seen] == ["QInputDialog"]
    window.undo_act.trigger()
    assert memos_for(_project(window), "coding", coding.id) == []
    assert errors == failures == []


def test_add_memo_with_ctrl_m_and_from_the_memos_panel(demo, qtbot, dialogs, errors):
    window, failures = demo
    coding = first_coding(window)
    dialogs.answer(type_text("Typed after Ctrl+M"))
    _use(window, qtbot, "shortcut/page/Ctrl+M (Add memo to coding…)")
    panel = window.memos
    panel.kind.setCurrentIndex(panel.kind.findData("coding"))
    panel.text.setFocus()
    qtbot.keyClicks(panel.text, "Typed in the panel")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    texts = [m.text for m in memos_for(_project(window), "coding", coding.id)]
    assert texts == ["Typed after Ctrl+M", "Typed in the panel"]
    assert errors == failures == []


def test_describe_opens_the_definition_editor_and_saves_the_typed_text(demo, qtbot, errors):
    window, failures = demo
    code_id = window.codebook.current_code()
    before = codes.get_code(_project(window), code_id).description
    _use(window, qtbot, "context:codebook/Describe…")
    field = window.code_editor.texts["description"]
    assert window.code_dock.isVisible() and not window.code_dock.visibleRegion().isEmpty()
    assert window.focusWidget() is field  # the cursor waits in the definition
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, "Police noticed the risk and acted on it.")
    qtbot.mouseClick(window.code_editor.save, Qt.MouseButton.LeftButton)
    code = codes.get_code(_project(window), code_id)
    assert code.description == "Police noticed the risk and acted on it."
    window.undo_act.trigger()
    assert codes.get_code(_project(window), code_id).description == before
    assert errors == failures == []


def test_merge_into_offers_a_code_picker_and_moves_the_codings(demo, qtbot, dialogs, errors):
    window, failures = demo
    project = _project(window)
    source = _click_code(window, qtbot, "Underlying patterns/Human-management system/Supervision")
    target = codes.find_by_path(
        project, "Underlying patterns/Human-management system/Workload and resources"
    )
    moved = {c.id for c in codings.list_codings(project, code_id=source)}
    kept = {c.id for c in codings.list_codings(project, code_id=target)}
    assert (len(moved), len(kept)) == (33, 27)
    before = _everything(window)
    dialogs.answer(
        choose_code("Underlying patterns/Human-management system/Workload and resources")
    )
    _use(window, qtbot, "context:codebook/Merge into…")
    assert codes.get_code(project, source) is None
    assert {c.id for c in codings.list_codings(project, code_id=target)} == moved | kept
    assert window.session.undo_stack.count() == 2  # the status mark, then the merge
    window.undo_act.trigger()
    assert _everything(window) == before
    assert errors == failures == []


def test_delete_asks_and_answering_no_changes_nothing(demo, qtbot, dialogs, errors):
    window, failures = demo
    project = _project(window)
    code_id = _click_code(window, qtbot, "Collaborative working/Information sharing")
    before = _everything(window)
    dialogs.answer(press("Cancel"))
    _use(window, qtbot, "shortcut/codebook/Del (Delete…)")
    dialogs.answer(press("Cancel"))
    _use(window, qtbot, "context:codebook/Delete…")
    assert _everything(window) == before
    asked = [s for s in dialogs.seen if s.title == "Delete code"]
    assert len(asked) == 2
    assert "40 coding(s)" in asked[0].text
    assert "Move its codings to the parent code" in asked[0].buttons
    assert window.session.undo_stack.count() == 1  # only the status mark
    dialogs.answer(press("Move its codings to the parent code"))
    _use(window, qtbot, "context:codebook/Delete…")
    parent = codes.find_by_path(project, "Collaborative working")
    assert codes.get_code(project, code_id) is None
    assert len(codings.list_codings(project, code_id=parent)) == 40
    window.undo_act.trigger()
    assert _everything(window) == before
    assert errors == failures == []


def test_colour_opens_the_colour_dialog_and_sets_the_colour(demo, qtbot, dialogs, errors):
    window, failures = demo
    code_id = _click_code(window, qtbot, "Underlying patterns/Human-management system/Supervision")
    dialogs.answer(choose_colour("#123456"))
    _use(window, qtbot, "context:codebook/Colour…")
    assert [s.kind for s in dialogs.seen] == ["QColorDialog"]
    assert codes.get_code(_project(window), code_id).colour == "#123456"
    window.undo_act.trigger()
    assert codes.get_code(_project(window), code_id).colour == "#393b79"
    assert errors == failures == []


def test_change_coder_makes_the_next_coding_carry_the_new_coder(demo, qtbot, dialogs, errors):
    window, failures = demo
    project = _project(window)
    dialogs.answer(type_text("Alex Example"))
    _use(window, qtbot, "menu/Edit/Change coder…")
    assert window.coder_label.text() == "Coder: Alex Example"
    view = window.page_view
    pos = uncoded_point(window)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    start, end = view.selection()
    before = {c.id for c in codings.list_codings(project)}
    _use(window, qtbot, "shortcut/page/Ctrl+Return (Code with the selected code)")
    (new,) = [c for c in codings.list_codings(project) if c.id not in before]
    assert (new.char_start, new.char_end) == (start, end)
    names = {c.id: c.name for c in coders.list_coders(project)}
    assert names[new.coder_id] == "Alex Example"
    assert errors == failures == []


def test_memos_on_document_review_code_and_coding_by_right_click_then_edit_delete_and_export(
    demo, qtbot, dialogs, errors, tmp_path
):
    window, failures = demo
    project = _project(window)
    doc_id = window.documents.view.model().index(0, 0).data(DOC_ID_ROLE)
    review_id = reviews.review_of(project, doc_id).id
    code_id = window.codebook.current_code()
    coding = first_coding(window)
    dialogs.answer(
        type_text("Read with the overview report."),
        type_text("Published late."),
        type_text("Overlaps with supervision."),
        type_text("No referral was made."),
    )
    _use(window, qtbot, "context:documents/Add memo to this document…")
    _use(window, qtbot, "context:documents/Add memo to its review…")
    _use(window, qtbot, "context:codebook/Add memo to this code…")
    _use(window, qtbot, "context:page-coding/Add memo to coding…")
    assert [
        [m.text for m in memos_for(project, kind, target)]
        for kind, target in (
            ("document", doc_id),
            ("review", review_id),
            ("code", code_id),
            ("coding", coding.id),
        )
    ] == [
        ["Read with the overview report."],
        ["Published late."],
        ["Overlaps with supervision."],
        ["No referral was made."],
    ]
    # the excerpts list shows the coding's memo
    excerpts = window.excerpts
    row = next(i for i, e in enumerate(excerpts.items) if e.coding_id == coding.id)
    assert excerpts.table.item(row, 5).text() == "No referral was made."
    # edit and delete from the Memos panel's context menu
    panel = window.memos
    panel.kind.setCurrentIndex(panel.kind.findData("document"))
    dialogs.answer(type_text("Read with the overview report, pages 3-9."))
    _use(window, qtbot, "context:memos/Edit memo…")
    assert [m.text for m in memos_for(project, "document", doc_id)] == [
        "Read with the overview report, pages 3-9."
    ]
    _use(window, qtbot, "context:memos/Delete memo")
    assert memos_for(project, "document", doc_id) == []
    panel.kind.setCurrentIndex(panel.kind.findData("project"))
    dialogs.answer(type_text("Second pass after the team meeting."))
    _use(window, qtbot, "context:memos/Add memo on this project…")
    assert [m.text for m in memos_for(project, "project", None)][-1] == (
        "Second pass after the team meeting."
    )
    # and the export carries the coding's memo
    out = tmp_path / "segments.csv"
    dialogs.answer(choose_file(str(out)))
    _use(window, qtbot, "menu/Analysis/Export coded data…")
    qtbot.waitUntil(out.exists, timeout=20000)  # written on a job, renamed into place whole
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["coding_id"]: r for r in csv.DictReader(fh)}
    assert rows[coding.id]["memo"] == "No referral was made."
    assert errors == failures == []


def test_file_dialogs_start_in_the_last_folder_used(demo, qtbot, dialogs, errors, tmp_path):
    window, failures = demo
    folder = tmp_path / "exports for the briefing"
    folder.mkdir()
    started: list[str] = []

    def look_and_cancel(dialog) -> None:
        started.append(dialog.directory().absolutePath())
        dialog.reject()

    dialogs.answer(look_and_cancel)
    _use(window, qtbot, "menu/File/Export codebook…")
    assert started == [str(Path.home())]  # nothing chosen yet: the home folder
    dialogs.answer(choose_file(str(folder / "segments.csv")))
    _use(window, qtbot, "menu/Analysis/Export coded data…")
    qtbot.waitUntil((folder / "segments.csv").exists, timeout=20000)
    dialogs.answer(look_and_cancel, look_and_cancel)
    _use(window, qtbot, "menu/File/Export codebook…")
    _use(window, qtbot, "menu/File/Open…")
    assert started[1:] == [str(folder), str(folder)]
    assert errors == failures == []
