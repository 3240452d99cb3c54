"""The Briefings window on the demo: a briefing built through its buttons, fields and the
main window's actions, with dialogs answered as a person would; the live preview follows
each change and Edit → Undo takes changes back."""

from __future__ import annotations

import docx
from PySide6.QtCore import Qt

from coder.analysis.briefing import theme_candidates
from coder.analysis.pool import Pool
from coder.project import briefings as repo
from tests.ui.modal import choose_file, choose_item, type_text

THEME = "Identifying and managing risk"


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_a_briefing_built_in_the_app_previews_undoes_and_writes(window, qtbot, dialogs, tmp_path):
    window.open_demo()
    window.briefing.briefings_act.trigger()
    dialog = window.briefing.briefings
    assert dialog is not None and dialog.isVisible()
    assert "New briefing" in dialog.preview.toPlainText()

    dialogs.answer(type_text("Risk briefing"))
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    project = window.session.project
    assert [b.name for b in repo.list_briefings(project)] == ["Risk briefing"]
    assert dialog.briefing_box.currentText() == "Risk briefing"

    _type(qtbot, dialog.title_edit, "Identifying and responding to risk")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    _type(qtbot, dialog.audience_edit, "response officers")
    qtbot.keyClick(dialog.audience_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Identifying and responding to risk" in dialog.preview.toPlainText())

    dialogs.answer(choose_item(THEME))
    qtbot.mouseClick(dialog.add_theme_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.themes.count() == 1)
    assert dialog.themes.item(0).text() == THEME
    briefing = repo.find_briefing(project, "Risk briefing")
    candidates = theme_candidates(Pool([project]), briefing.themes[0])
    assert dialog.quotes.count() == len(candidates) > 1
    preview = dialog.preview.toPlainText()
    assert "Raised in 3 of 3 reviews (100%)." in preview

    # star the second quote: select it, press the button; its citation joins the notes
    dialog.quotes.setCurrentRow(1)
    qtbot.mouseClick(dialog.star_button, Qt.MouseButton.LeftButton)
    coding_id, text, place = candidates[1]
    qtbot.waitUntil(lambda: f"“{text}”" in dialog.preview.toPlainText())
    assert repo.find_briefing(project, "Risk briefing").themes[0].stars == (coding_id,)
    assert place in dialog.preview.toPlainText()
    assert dialog.quotes.item(1).checkState() == Qt.CheckState.Checked

    _type(qtbot, dialog.considerations_edit, "Repeat the risk assessment after each incident")
    _type(qtbot, dialog.questions_edit, "Who reviews a standard grading?")
    qtbot.mouseClick(dialog.theme_text_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Considerations for police" in dialog.preview.toPlainText())
    assert "Who reviews a standard grading?" in dialog.preview.toPlainText()

    # Edit → Undo takes the theme text back, then the star; Redo puts them back
    window.undo_act.trigger()
    qtbot.waitUntil(lambda: "Considerations for police" not in dialog.preview.toPlainText())
    window.undo_act.trigger()
    qtbot.waitUntil(lambda: f"“{text}”" not in dialog.preview.toPlainText())
    assert repo.find_briefing(project, "Risk briefing").themes[0].stars == ()
    window.redo_act.trigger()
    window.redo_act.trigger()
    qtbot.waitUntil(lambda: "Considerations for police" in dialog.preview.toPlainText())
    assert f"“{text}”" in dialog.preview.toPlainText()

    out = tmp_path / "risk.docx"
    dialogs.answer(choose_file(str(out)))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_label.text().startswith("Wrote"), timeout=20000)
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[:3] == ["The sample", "Method", THEME]
    assert f"“{text}”1" in [p.text for p in document.paragraphs]
    assert (tmp_path / "risk.docx.disclosure.txt").exists()
    assert dialog.check_label.text().startswith(f"Wrote {out}. Disclosure check: 1 quotes")
