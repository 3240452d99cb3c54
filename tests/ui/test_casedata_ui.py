"""The Case data panel, used as a person uses it: tabs, the add button, field editors,
"Add police contact from selection" on a dragged selection, a click on a contact, undo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.project import casedata as repo
from coder.project.store import Project
from tests.casekit import REVIEWS, build, review_builder
from tests.dump import table_dump
from tests.ui.test_workbench import drag, word_point

DHR = "DHR Adult A"


def _open(window, tmp_path, qtbot):
    builder = review_builder(REVIEWS[DHR])
    (tmp_path / f"{DHR}.pdf").write_bytes(builder.tobytes())
    path = tmp_path / "cases.rcproj"
    with Project.create(path) as project:
        kit = build(project, tmp_path)
    assert window.open_project(path)
    window.open_document(kit.document_ids[DHR])
    window.page_view.set_scale(1.0)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.id == kit.document_ids[DHR])
    window.casedata_dock.show()
    window.casedata_dock.raise_()
    return kit, builder


def _column(table, column: int) -> list[str]:
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _records(window):
    return {r.id: r for r in repo.list_records(window.session.project)}


def test_the_panel_lists_a_reviews_people_and_a_chronology_sortable_by_date(
    window, tmp_path, qtbot
):
    kit, _ = _open(window, tmp_path, qtbot)
    panel = window.case_data.panel
    assert panel.title.text() == "Case data of DHR Adult A"
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [
        "People",
        "Relationships",
        "Contacts",
    ]
    people = panel.tables[kit.kind("person").id]
    assert _column(people, 1) == ["Adult A", "Adult B", "Child C"]
    assert _column(people, 2) == ["34", "not stated", "6"]
    rels = panel.tables[kit.kind("relationship").id]
    assert [(_column(rels, 0)[i], _column(rels, 1)[i]) for i in range(2)] == [
        ("Adult B", "Adult A"),
        ("Adult A", "Child C"),
    ]
    contacts = panel.tables[kit.kind("police contact").id]
    assert _column(contacts, 0) == ["2020-11", "2021~", "2021-03-03", "2021-04", ""]
    header = contacts.horizontalHeader()
    panel.tabs.setCurrentIndex(2)
    qtbot.waitExposed(contacts)
    click = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    # ascending by what each date says; a contact with no date last
    assert _column(contacts, 0) == ["2020-11", "2021~", "2021-03-03", "2021-04", ""]
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert _column(contacts, 0) == ["", "2021-04", "2021-03-03", "2021~", "2020-11"]
    click = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) // 2, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert _column(contacts, 1) == [
        "MARAC",
        "arrest",
        "attendance",
        "call for service",
        "referral to another agency",
    ]


def test_add_a_person_and_a_contact_from_a_selection_then_undo_and_redo(window, tmp_path, qtbot):
    kit, builder = _open(window, tmp_path, qtbot)
    panel = window.case_data.panel
    project = window.session.project
    before = set(_records(window))
    # add a person with the Add button, then fill in two fields with their editors
    panel.tabs.setCurrentIndex(0)
    assert panel.add_button.text() == "Add person"
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    (new,) = set(_records(window)) - before
    pseudonym = panel.editors[kit.field_id("person", "pseudonym")].editor
    pseudonym.setFocus()
    qtbot.keyClicks(pseudonym, "Mr X")
    qtbot.keyClick(pseudonym, Qt.Key.Key_Return)
    role = panel.editors[kit.field_id("person", "role")].editor
    role.setCurrentText("family member")
    panel.editors[kit.field_id("person", "sex")].not_stated.setChecked(True)
    person = _records(window)[new]
    assert person.values == {
        kit.field_id("person", "pseudonym"): "Mr X",
        kit.field_id("person", "role"): "family member",
        kit.field_id("person", "sex"): NOT_STATED_VALUE,
    }
    # the panel shows each change once the edit's signal has returned
    qtbot.waitUntil(lambda: _column(panel.tables[kit.kind("person").id], 1)[-1] == "Mr X")
    # drag across the first chronology sentence and add a contact from it
    view = window.page_view
    drag(view, word_point(window, builder, 1, "On"), word_point(window, builder, 1, "A.", "end"))
    assert (
        view.selected_text() == "On 3 March 2021 officers attended after a 999 call from Adult A."
    )
    window.case_data.contact_from_selection_act.trigger()
    added = set(_records(window)) - before - {new}
    (contact_id,) = added
    contact = _records(window)[contact_id]
    assert contact.values == {
        kit.field_id("police contact", "date"): "2021-03-03",
        kit.field_id("police contact", "contact type"): "attendance",
    }
    (link,) = contact.links
    text = window.doc.text
    assert text[link.char_start : link.char_end] == link.quote == view.selected_text()
    assert panel.tabs.currentIndex() == 2 and panel.selected == contact_id
    assert panel.add_button.text() == "Add police contact"
    # the persons involved, ticked in the contact's editor
    persons = panel.editors[kit.field_id("police contact", "persons involved")].editor
    adult_a = next(i for i in range(persons.count()) if persons.item(i).text() == "Adult A")
    persons.item(adult_a).setCheckState(Qt.CheckState.Checked)
    assert _records(window)[contact_id].values[
        kit.field_id("police contact", "persons involved")
    ] == [kit.person["Adult A"]]
    qtbot.waitUntil(lambda: "Adult A" in _column(panel.tables[kit.kind("police contact").id], 3))
    assert persons.item(adult_a).checkState() == Qt.CheckState.Checked  # refreshed in place
    # clicking a contact in the chronology jumps to its passage
    view.clear_selection()
    view.flash = None
    contacts = panel.tables[kit.kind("police contact").id]
    ids = [contacts.model().index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(6)]
    row = ids.index(contact_id)
    assert (_column(contacts, 0)[row], _column(contacts, 1)[row]) == ("2021-03-03", "attendance")
    rect = contacts.visualRect(contacts.model().index(row, 1))
    qtbot.mouseClick(contacts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.flash == (link.char_start, link.char_end)
    # six edits, each one undoable step, undone and redone
    stack = window.session.undo_stack
    assert stack.count() == 6
    states = []
    for _ in range(6):
        states.append(repo.snapshot(project, [new, contact_id]))
        window.undo_act.trigger()
    assert set(_records(window)) == before
    for state in reversed(states):
        window.redo_act.trigger()
        assert repo.snapshot(project, [new, contact_id]) == state


def test_loading_the_shipped_schema_is_one_undo_step(window, tmp_path, qtbot):
    """The panel's load button pushes the schema's Edit: Undo takes every kind, field and
    setting it made away, byte for byte, and Redo brings them back."""
    path = tmp_path / "plain.rcproj"
    Project.create(path).close()
    assert window.open_project(path)
    window.casedata_dock.show()
    window.casedata_dock.raise_()
    panel = window.case_data.panel
    project = window.session.project
    qtbot.waitExposed(panel.load_button)
    assert panel.tabs.count() == 0
    window.session.coder_id()  # the coder's row is made on first use, not by an edit
    before = table_dump(project)
    qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    after = table_dump(project)
    kinds = [k.name for k in repo.project_schema(project).kinds]
    assert kinds == ["person", "relationship", "police contact"]
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [
        "People",
        "Relationships",
        "Contacts",
    ]
    assert not panel.load_button.isVisible()
    assert window.undo_act.text() == "&Undo Load the case-data schema"
    window.undo_act.trigger()
    assert table_dump(project) == before
    assert repo.project_schema(project).kinds == []
    qtbot.waitUntil(lambda: panel.tabs.count() == 0)
    assert panel.load_button.isVisible()
    window.redo_act.trigger()
    assert table_dump(project) == after
    qtbot.waitUntil(lambda: panel.tabs.count() == 3)
    assert not panel.load_button.isVisible()


def test_the_records_model_is_a_sound_qt_model(project, tmp_path, qtmodeltester):
    from coder.coding import casedata
    from coder.ui.casedata_model import SORT_ROLE, CaseRecordsModel

    kit = build(project, tmp_path)
    schema = casedata.schema_of(project)
    kind = schema.kind("police contact")
    records = repo.list_records(project, kit.review_ids[DHR])
    model = CaseRecordsModel(kind)
    model.set_records(
        casedata.chronology(schema, [r for r in records if r.kind_id == kind.id]),
        casedata.person_labels(schema, records),
    )
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (5, 6)
    assert model.index(2, 3).data() == "Adult A; Adult B"
    assert [model.index(r, 0).data(SORT_ROLE) for r in range(5)] == [
        "2020-11",
        "2021",
        "2021-03-03",
        "2021-04",
        "\uffff",
    ]


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text}: '{seen[text]}' and '{action.text()}'"
            seen[text] = action.text()
    assert seen["Ctrl+Shift+C"] == "Add police &contact from selection"
