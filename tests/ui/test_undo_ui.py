"""The one undo command, driven through the window's actions: each action is one undo
step, and Undo / Redo bring the project's tables back byte for byte."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from coder.project import codes, codings
from coder.ui import mime
from tests.dump import table_dump


def _undo_redo(window, action) -> None:
    """Trigger ``action``; check that it made one undo step, that Undo gets back the tables
    as they were and Redo the tables as the action left them."""
    project = window.session.project
    window.session.coder_id()  # the coder's row is made on first use, not by an edit
    stack = window.session.undo_stack
    steps = stack.count()
    before = table_dump(project)
    action()
    after = table_dump(project)
    assert after != before
    assert stack.count() == steps + 1
    window.undo_act.trigger()
    assert table_dump(project) == before
    window.redo_act.trigger()
    assert table_dump(project) == after


def test_coding_actions_undo_and_redo_byte_for_byte(window, monkeypatch):
    window.open_demo()
    project = window.session.project
    first, second = codings.list_codings(project, document_id=window.doc.id)[:2]
    window.page_view.selected_coding = first.id
    _undo_redo(window, window.coding.hinders_act.trigger)
    assert codings.get_coding(project, first.id).effect == "hinders"
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Seen again on p.4", True)
    )
    _undo_redo(window, window.coding.memo_act.trigger)
    window.page_view.selected_coding = second.id
    _undo_redo(window, window.coding.delete_coding_act.trigger)
    assert codings.get_coding(project, second.id) is None


def test_dropping_two_codes_is_one_undo_step(window):
    window.open_demo()
    project = window.session.project
    model = window.codebook.model
    tree = codes.code_tree(project)
    top = [c for c in tree.children[None]]
    moving = tree.children[top[0]][:2]
    target = window.codebook.model.index_of(top[-1])

    def drop() -> None:
        model.dropMimeData(mime.codes_mime(moving), Qt.DropAction.MoveAction, 0, 0, target)

    _undo_redo(window, drop)
    tree = codes.code_tree(project)
    assert tree.children[top[-1]][:2] == moving  # in the order they were dragged
