"""The Recommendations panel as a person uses it: Analysis → Detect recommendations, then
accept, edit and accept, reject with the panel's buttons, Edit → Undo and Redo, a status
entry through its dialog, the filters, the per-force view and the groups side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QPlainTextEdit

from coder.coding.ingest import import_pdf
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.store import Project
from coder.recommendations import suggestions
from tests.recommendations.corpus import corpus, listed
from tests.ui.modal import click_button


def _open(window, tmp_path, qtbot):
    path = tmp_path / "recs.rcproj"
    with Project.create(path, name="Recs", user="Zoe Tester") as project:
        for r in corpus():
            pdf = tmp_path / f"{r.name}.pdf"
            pdf.write_bytes(r.data)
            import_pdf(project, pdf, "Zoe Tester")
    assert window.open_project(path)
    window.recommendations.recommendations_act.trigger()
    assert window.recommendations_dock.isVisible()
    panel = window.recommendations.panel
    window.recommendations.detect_act.trigger()
    qtbot.waitUntil(lambda: panel.job is None and panel.suggestion_table.rowCount() == 10)
    return panel


def _column(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def _select(table, row: int) -> None:
    """Click the row's text as a person does, with no key held. (``selectRow`` reads the
    application's keyboard modifiers: a Shift that an earlier test's shortcut left
    "held" made it select nothing, in a random-order run.)"""
    item = table.item(row, 2)
    table.scrollToItem(item)
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        table.visualItemRect(item).center(),
    )
    selected = [i.row() for i in table.selectionModel().selectedRows()]
    assert selected == [row], f"selecting row {row} selected {selected}"


def _records(window):
    return repo.list_recommendations(window.session.project)


def test_detect_accept_reject_and_undo_through_the_panel(window, tmp_path, qtbot):
    panel = _open(window, tmp_path, qtbot)
    table = panel.suggestion_table
    assert _column(table, 1) == [
        *("1", "2", "3", "1", "2", "3", "4"),
        *("Recommendation 1", "Recommendation 2", "Recommendation 3"),
    ]
    assert panel.suggestion_count.text() == "10 suggested"

    _select(table, 3)  # DHR Adult A, 1
    QTest.mouseClick(panel.accept_btn, Qt.MouseButton.LeftButton)
    assert [(r.label, r.text[:11]) for r in _records(window)] == [("1", "Kent Police")]
    assert table.rowCount() == 9
    assert _column(panel.register_table, 1) == ["1"]
    assert window.undo_act.text() == "&Undo accept 1 suggestion"

    window.undo_act.trigger()
    assert _records(window) == []
    assert table.rowCount() == 10
    window.redo_act.trigger()
    assert [r.label for r in _records(window)] == ["1"]
    assert table.rowCount() == 9

    _select(table, 4)  # DHR Adult A, 3 (after 1 was accepted: 1 2 3 | 2 3 4 | R1 R2 R3)
    assert table.item(4, 1).text() == "3"
    QTest.mouseClick(panel.reject_btn, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 8
    assert [r.label for r in found_repo.list_rejections(window.session.project)] == ["3"]
    window.undo_act.trigger()
    assert found_repo.list_rejections(window.session.project) == []
    assert table.rowCount() == 9

    QTest.mouseClick(panel.accept_all_btn, Qt.MouseButton.LeftButton)
    assert len(_records(window)) == 10
    assert table.rowCount() == 0
    window.undo_act.trigger()
    assert len(_records(window)) == 1
    assert table.rowCount() == 9


def test_edit_and_accept_through_its_dialog(window, tmp_path, qtbot, dialogs):
    panel = _open(window, tmp_path, qtbot)
    table = panel.suggestion_table
    row = _column(table, 1).index("Recommendation 2")

    def edit(dialog):
        label = dialog.findChild(QLineEdit)
        label.selectAll()
        QTest.keyClicks(label, "R2")
        text, who = dialog.findChildren(QPlainTextEdit)
        text.selectAll()
        QTest.keyClicks(text, "Adult social care should share referrals with the GP.")
        who.selectAll()
        QTest.keyClicks(who, "agency: adult social care")
        QTest.keyClick(who, Qt.Key.Key_Return)
        QTest.keyClicks(who, "police")
        dialog.findChild(QComboBox).setCurrentText("national")
        click_button(dialog, "OK")

    dialogs.answer(edit)
    _select(table, row)
    assert panel.edit_accept_btn.isEnabled() and panel.edit_accept_btn.isVisible()
    QTest.mouseClick(panel.edit_accept_btn, Qt.MouseButton.LeftButton)
    records = _records(window)
    # what the app said, if the click made nothing (a full random-order run once saw that)
    assert len(records) == 1, window.statusBar().currentMessage()
    (rec,) = records
    assert (rec.label, rec.text, rec.scope) == (
        "R2",
        "Adult social care should share referrals with the GP.",
        "national",
    )
    assert [a.label for a in rec.addressees] == ["adult social care", "police (generally)"]
    assert rec.origin == "pattern"
    window.undo_act.trigger()
    assert _records(window) == []


def test_a_write_from_elsewhere_keeps_the_selection(window, tmp_path, qtbot, dialogs):
    """Another window rejects an earlier suggestion while a person has one selected: the
    panel reloads on the session's watch, the rows move up, and the SAME suggestion is
    still selected (not whatever moved into its row), so Edit and accept opens it."""
    panel = _open(window, tmp_path, qtbot)
    table = panel.suggestion_table
    row = _column(table, 1).index("Recommendation 2")
    _select(table, row)
    chosen = table.item(row, 2).text()
    first = panel.suggestions[0].id
    with Project.open(window.session.project.path, user="Other", shared=True) as other:
        suggestions.reject(other, [first], None)
    with qtbot.waitSignal(window.session.reloaded, timeout=5000):
        pass
    assert table.rowCount() == 9
    assert [i.row() for i in table.selectionModel().selectedRows()] == [row - 1]

    seen = []
    dialogs.answer(lambda dialog: (seen.append(dialog.text_edit.toPlainText()), dialog.reject()))
    QTest.mouseClick(panel.edit_accept_btn, Qt.MouseButton.LeftButton)
    assert seen == [chosen]


def test_status_filters_force_view_and_groups(window, tmp_path, qtbot, dialogs):
    panel = _open(window, tmp_path, qtbot)
    QTest.mouseClick(panel.accept_all_btn, Qt.MouseButton.LeftButton)
    panel.tabs.setCurrentIndex(1)
    reg = panel.register_table
    assert panel.register_count.text() == "10 of 10 recommendations"
    kent = _column(reg, 2).index(
        "Kent Police should ensure that a DASH risk assessment is completed at every "
        "domestic abuse incident attended by officers."
    )

    def status(dialog):
        dialog.findChild(QComboBox).setCurrentText("implemented")
        date, _source, note = dialog.findChildren(QLineEdit)
        date.selectAll()
        QTest.keyClicks(date, "2025-02-01")
        note.setFocus()
        QTest.keyClicks(note, "Force letter")
        click_button(dialog, "OK")

    dialogs.answer(status)
    _select(reg, kent)
    QTest.mouseClick(panel.status_btn, Qt.MouseButton.LeftButton)
    kent_rec = next(r for r in _records(window) if r.text.startswith("Kent Police"))
    assert kent_rec.status == "implemented"
    assert [panel.timeline.item(i).text() for i in range(panel.timeline.count())] == [
        "2025-02-01  implemented  (correspondence)  Force letter  recorded by Zoe Tester"
    ]
    panel.filter_boxes["status"].setCurrentText("implemented")
    assert _column(reg, 1) == ["1"]
    panel.filter_boxes["status"].setCurrentText("(any)")
    panel.filter_boxes["scope"].setCurrentText("national")
    assert sorted(_column(reg, 1)) == ["2", "3", "Recommendation 1"]
    panel.filter_boxes["scope"].setCurrentText("(any)")
    window.undo_act.trigger()
    assert next(r for r in _records(window) if r.id == kent_rec.id).status == "not known"

    panel.tabs.setCurrentIndex(2)
    panel.force_box.setCurrentText("Kent Police")
    assert _column(panel.force_table, 0) == ["DHR Adult A"]
    assert _column(panel.force_table, 3) == ["not known"]
    panel.force_box.setCurrentText("Thames Valley Police")
    assert _column(panel.force_table, 1) == ["1"]

    panel.tabs.setCurrentIndex(3)
    panel.threshold_box.setValue(0.05)  # everything loosely alike groups at a low threshold
    assert panel.group_list.count() >= 1
    first = panel.group_list.item(0).text()
    assert first.startswith("Group 1: made ")
    members = panel.member_table.rowCount()
    assert members >= 2
    _select(panel.member_table, 0)
    split_id = panel.member_table.item(0, 0).data(Qt.ItemDataRole.UserRole)
    QTest.mouseClick(panel.split_btn, Qt.MouseButton.LeftButton)
    split = repo.get_recommendation(window.session.project, split_id)
    assert split is not None and split.cluster_id is not None
    window.undo_act.trigger()
    split = repo.get_recommendation(window.session.project, split_id)
    assert split is not None and split.cluster_id is None


def test_themes_link_through_their_dialog_and_filter_the_register(window, tmp_path, qtbot, dialogs):
    from coder.project import codes

    panel = _open(window, tmp_path, qtbot)
    with window.session.project.write():
        risk = codes.ensure_path(window.session.project, "Risk/DASH", None)
    QTest.mouseClick(panel.accept_all_btn, Qt.MouseButton.LeftButton)
    panel.tabs.setCurrentIndex(1)
    reg = panel.register_table
    kent = _column(reg, 2).index(
        "Kent Police should ensure that a DASH risk assessment is completed at every "
        "domestic abuse incident attended by officers."
    )

    def tick(dialog):
        (themes,) = dialog.findChildren(QListWidget)
        item = next(
            themes.item(i) for i in range(themes.count()) if themes.item(i).text() == "Risk/DASH"
        )
        item.setCheckState(Qt.CheckState.Checked)
        click_button(dialog, "OK")

    dialogs.answer(tick)
    _select(reg, kent)
    QTest.mouseClick(panel.themes_btn, Qt.MouseButton.LeftButton)
    linked = [r for r in _records(window) if r.code_ids]
    assert [(r.label, r.code_ids) for r in linked] == [("1", (risk,))]
    panel.filter_boxes["theme"].setCurrentText("DASH")
    assert _column(reg, 1) == ["1"]
    window.undo_act.trigger()
    assert [r for r in _records(window) if r.code_ids] == []


def test_a_coding_clicked_on_the_page_links_to_the_selected_recommendation(window, tmp_path, qtbot):
    from PySide6.QtCore import QEvent, QPointF

    from coder.coding.operations import code_text
    from coder.project import coders, codes, documents
    from tests.ui.test_workbench import _send

    panel = _open(window, tmp_path, qtbot)
    QTest.mouseClick(panel.accept_all_btn, Qt.MouseButton.LeftButton)
    project = window.session.project
    dhr = next(d for d in documents.list_documents(project) if d.title == "DHR Adult A")
    kent = next(r for r in _records(window) if r.text.startswith("Kent Police"))
    with project.write():
        code = codes.ensure_path(project, "Risk/DASH", None)
        me = coders.ensure_coder(project, "Zoe Tester").id
    edit = code_text(project, dhr.id, code, me, kent.char_start, kent.char_end)
    (coding_id,) = edit.changes.ids("coding")
    window.open_document(dhr.id)
    window.page_view.set_scale(1.0)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.id == dhr.id)
    QTest.mouseClick(panel.link_btn, Qt.MouseButton.LeftButton)  # nothing clicked yet
    panel.tabs.setCurrentIndex(1)
    reg = panel.register_table
    _select(reg, _column(reg, 2).index(kent.text))
    QTest.mouseClick(panel.link_btn, Qt.MouseButton.LeftButton)
    assert repo.get_recommendation(project, kent.id).coding_ids == ()
    # click inside the coding on the page: the recommendation's last word
    laid = listed().recs[0].last
    x0, y0, x1, y1 = laid.rect
    view = window.page_view
    point = view.display_rect(laid.page, ((x0 + x1) / 2, (y0 + y1) / 2, x1, y1)).topLeft()
    left = Qt.MouseButton.LeftButton
    _send(view, QEvent.Type.MouseButtonPress, QPointF(point), left)
    _send(view, QEvent.Type.MouseButtonRelease, QPointF(point), Qt.MouseButton.NoButton)
    assert view.selected_coding == coding_id
    QTest.mouseClick(panel.link_btn, Qt.MouseButton.LeftButton)
    assert repo.get_recommendation(project, kent.id).coding_ids == (coding_id,)
    window.undo_act.trigger()
    assert repo.get_recommendation(project, kent.id).coding_ids == ()


def test_the_panels_edits_undo_and_redo_byte_for_byte(window, tmp_path, qtbot, dialogs):
    """Accept, reject, accept all, a status, themes, a group split and a deletion, each
    through the panel's buttons: one undo step, and Edit → Undo / Redo give back the
    tables byte for byte (the panel's commands are the app's one EditCommand)."""
    from coder.project import codes
    from tests.ui.test_undo_ui import _undo_redo

    panel = _open(window, tmp_path, qtbot)
    project = window.session.project
    with project.write():
        dash = codes.ensure_path(project, "Risk/DASH", None)
        marac = codes.ensure_path(project, "Agencies/MARAC", None)
    suggestions, reg = panel.suggestion_table, panel.register_table

    def click(button):
        return lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    _select(suggestions, 0)
    _undo_redo(window, click(panel.accept_btn))
    _select(suggestions, 1)
    _undo_redo(window, click(panel.reject_btn))
    _undo_redo(window, click(panel.accept_all_btn))
    assert len(_records(window)) == 9
    panel.tabs.setCurrentIndex(1)

    def status(dialog):
        dialog.findChild(QComboBox).setCurrentText("accepted")
        click_button(dialog, "OK")

    def themes(ticked):
        def answer(dialog):
            (found,) = dialog.findChildren(QListWidget)
            for i in range(found.count()):
                item = found.item(i)
                on = item.text() in ticked
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            click_button(dialog, "OK")

        return answer

    dialogs.answer(status)
    _select(reg, 0)
    _undo_redo(window, click(panel.status_btn))
    dialogs.answer(themes({"Risk/DASH"}))
    _undo_redo(window, click(panel.themes_btn))
    # "Agencies/MARAC" sorts before "Risk/DASH": the links are written again, in order
    dialogs.answer(themes({"Agencies/MARAC", "Risk/DASH"}))
    _undo_redo(window, click(panel.themes_btn))
    assert [r.code_ids for r in _records(window) if r.code_ids] == [(marac, dash)]
    _undo_redo(window, click(panel.delete_btn))
    panel.tabs.setCurrentIndex(3)
    panel.threshold_box.setValue(0.05)
    _select(panel.member_table, 0)
    _undo_redo(window, click(panel.split_btn))
