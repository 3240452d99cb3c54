"""Search's "Code all hits…", through the real button and dialogs: each hit widened to its
sentence, never a coding inside one of the same code by the same coder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from coder.project import codes, codings, documents
from coder.text.extent import sentence_bounds


@pytest.fixture
def demo(window):
    window.open_demo()
    return window


def _supervision(project) -> str:
    """The demo codebook's code for supervision, wherever the codebook puts it."""
    tree = codes.code_tree(project)
    (path,) = [
        tree.path(c.id)
        for c in codes.list_codes(project)
        if tree.path(c.id).endswith("/Supervision")
    ]
    return path


def _pick_code(name: str):
    def step(dialog) -> None:
        dialog.edit.setText(name)
        dialog.edit.returnPressed.emit()

    return step


def _code(extent: str):
    def step(dialog) -> None:
        dialog.buttons[extent].click()
        dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()

    return step


def test_code_all_hits_by_sentence_then_hits_inside_are_skipped(demo, qtbot, dialogs):
    panel = demo.search
    demo.analyses.search_all_act.trigger()
    hits = panel.run("supervisor*")
    assert hits
    project = demo.session.project
    name = _supervision(project)
    code = codes.find_by_path(project, name)
    before = {c.id for c in codings.list_codings(project, code_id=code)}
    expected = set()
    for h in hits:
        text = documents.document_text(project, h.document_id)
        lo, hi = sentence_bounds(text, h.start, h.end)
        expected.add((h.document_id, lo, hi, text[lo:hi]))

    dialogs.answer(_pick_code(name), _code("sentence"))
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert [d.kind for d in dialogs.seen[-2:]] == ["QuickCodeDialog", "CodeHitsDialog"]
    made = [c for c in codings.list_codings(project, code_id=code) if c.id not in before]
    assert len(made) == len(expected)
    assert {(c.document_id, c.char_start, c.char_end, c.quote) for c in made} == expected
    skipped = len(hits) - len(expected)
    message = demo.statusBar().currentMessage()
    assert message.startswith(f"Coded {len(expected)} hits with '{name}'")
    said = f"; {skipped} hit skipped" if skipped == 1 else f"; {skipped} hits skipped"
    assert (said in message) == (skipped > 0)

    # the hits alone now lie inside those sentences: nothing is added, and it says why
    dialogs.answer(_pick_code(name), _code("hit"))
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert [d.kind for d in dialogs.seen[-2:]] == ["QuickCodeDialog", "CodeHitsDialog"]
    assert len(codings.list_codings(project, code_id=code)) == len(before) + len(expected)
    assert demo.statusBar().currentMessage() == (
        f"every hit is inside a coding of '{name}' by you already ({len(hits)} skipped)"
    )

    demo.undo_act.trigger()  # the sentences go in one step
    assert {c.id for c in codings.list_codings(project, code_id=code)} == before


def test_cancelling_the_question_codes_nothing(demo, qtbot, dialogs):
    panel = demo.search
    panel.run("supervisor*")
    project = demo.session.project
    count = len(codings.list_codings(project))

    def cancel(dialog) -> None:
        dialog.box.button(QDialogButtonBox.StandardButton.Cancel).click()

    dialogs.answer(_pick_code(_supervision(project)), cancel)
    qtbot.mouseClick(panel.code_all, Qt.MouseButton.LeftButton)
    assert [d.kind for d in dialogs.seen[-2:]] == ["QuickCodeDialog", "CodeHitsDialog"]
    assert len(codings.list_codings(project)) == count
