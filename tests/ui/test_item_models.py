"""The codebook and documents models against the core objects they adapt.

As napari's tree tests do, the codebook's structure is walked through the Qt model API
(``rowCount``, ``index``, ``parent``) after every edit and compared with the pure
``CodeTree`` the core builds from the project. Both models run under Qt's own model tester
(pytest-qt's ``qtmodeltester``), which stays attached and checks every reset the edits
cause. Every edit is made as a person makes it: actions, the tree's in-place editor,
drops on the tree's viewport, the Undo and Redo menu actions, a right-click menu.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from coder.project import assignments, codes, codings, documents
from coder.ui.codebook_model import CODE_ID_ROLE
from coder.ui.documents_model import DOC_ID_ROLE
from tests.ui.modal import press, type_text
from tests.ui.walk import right_click


def qt_walk(model, parent=QModelIndex(), depth=0) -> list[tuple[int, str]]:
    """(depth, code id) of every row, depth first, read through the Qt model API only;
    each child's ``parent()`` must lead back to the index it was reached from."""
    out: list[tuple[int, str]] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        assert model.parent(index) == parent
        assert index.siblingAtColumn(1).parent() == parent
        out.append((depth, index.data(CODE_ID_ROLE)))
        out.extend(qt_walk(model, index, depth + 1))
    return out


def assert_in_step(window) -> None:
    """The codebook model shows exactly the core's code tree: the same codes under the same
    parents in the same order, each with its record's name and colour."""
    project = window.session.project
    model = window.codebook.model
    records = codes.list_codes(project)
    pure = codes.shown_tree(records)
    walked = qt_walk(model)
    assert walked == pure.walk()
    assert len(walked) == len(records)
    core = codes.code_tree(project)  # the tree the core's edits work on
    assert {c: model.parent_of(c) for _d, c in walked} == core.parent
    for code in records:
        index = model.index_of(code.id)
        assert index.data() == code.name
        assert index.data(Qt.ItemDataRole.DecorationRole) == QColor(code.colour)
    # siblings in their stored order: by position, then name
    for parent, kids in core.children.items():
        by_record = {c.id: c for c in records if c.parent_id == parent}
        assert pure.children[parent] == sorted(
            kids, key=lambda c: (by_record[c].position, by_record[c].name)
        )


def names_under(window, path: str | None) -> list[str]:
    """The names the tree view shows under ``path`` (None: the top level), read through the
    filter proxy the view shows."""
    panel = window.codebook
    parent = QModelIndex()
    if path is not None:
        code_id = codes.find_by_path(window.session.project, path)
        parent = panel.proxy.mapFromSource(panel.model.index_of(code_id))
    return [panel.proxy.index(r, 0, parent).data() for r in range(panel.proxy.rowCount(parent))]


def select(window, path: str, also: bool = False) -> None:
    """Click the code, as a person selects it; with ``also``, Ctrl+click it, adding it to
    the codes already selected."""
    panel = window.codebook
    code_id = codes.find_by_path(window.session.project, path)
    index = panel.proxy.mapFromSource(panel.model.index_of(code_id))
    panel.view.scrollTo(index)
    QTest.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier if also else Qt.KeyboardModifier.NoModifier,
        panel.view.visualRect(index).center(),
    )
    assert panel.current_code() == code_id


def drag_selection_to(window, path: str, where: str) -> None:
    """Drag the selected codes and drop them above, on or below the code at ``path``: the
    drag's data is what the view's model gives for its selection (as ``startDrag`` takes
    it), and the enter, move and drop events go to the tree's viewport."""
    panel = window.codebook
    view = panel.view
    data = view.model().mimeData(view.selectionModel().selectedIndexes())
    code_id = codes.find_by_path(window.session.project, path)
    target = panel.proxy.mapFromSource(panel.model.index_of(code_id))
    view.scrollTo(target)
    rect = view.visualRect(target)
    y = {"above": rect.top() + 1, "on": rect.center().y(), "below": rect.bottom() - 1}[where]
    point = QPoint(rect.center().x(), y)
    move = Qt.DropAction.MoveAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(point, move, data, left, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, move, data, left, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(point), move, data, left, none))


def test_codebook_model_on_the_demo_passes_the_model_tester_and_matches_the_core(
    window, qtmodeltester
):
    window.open_demo()
    model = window.codebook.model
    qtmodeltester.check(model)
    assert_in_step(window)
    project = window.session.project
    risk = codes.find_by_path(project, "Identifying and managing risk")
    own = codes.coding_counts(project)
    below = codes.code_tree(project).descendants(risk)
    total = sum(own.get(c, 0) for c in below)
    assert total == 31 + 28 + 38 + 28  # the four coded sub-codes of the demo
    assert model.index_of(risk, 1).data() == f"0 ({total})"
    dash = codes.find_by_path(
        project, "Identifying and managing risk/Risk assessment (DASH and other tools)"
    )
    assert model.index_of(dash, 1).data() == "31"


def test_codebook_edits_keep_the_model_in_step_with_the_core_tree(
    window, qtbot, qtmodeltester, dialogs
):
    window.open_demo()
    panel = window.codebook
    qtmodeltester.check(panel.model)  # attached: every reset below is checked too
    start = qt_walk(panel.model)
    victim = "Victim engagement and care"
    victim_codes = [
        "Voice and lived experience",
        "Non-engagement and withdrawal",
        "Trauma-informed practice",
        "Interpreters and communication needs",
        "Older, disabled and carer victims",
        "Mental capacity",
        "Race, ethnicity, culture and faith",
    ]
    assert names_under(window, victim) == victim_codes

    # add: New sub-code… on the selected code
    select(window, victim)
    dialogs.answer(type_text("Honour-based abuse"))
    panel.new_child_action.trigger()
    assert names_under(window, victim) == [*victim_codes, "Honour-based abuse"]
    assert_in_step(window)

    # rename: Rename (F2's action) opens the tree's editor; type and press Enter
    panel.rename_action.trigger()
    (editor,) = panel.view.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Honour-based abuse and forced marriage")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    renamed = "Honour-based abuse and forced marriage"
    qtbot.waitUntil(lambda: names_under(window, victim)[-1] == renamed)
    assert_in_step(window)

    # move up within a parent: drop above the first sub-code
    select(window, f"{victim}/Trauma-informed practice")
    drag_selection_to(window, f"{victim}/Voice and lived experience", "above")
    moved = [
        "Trauma-informed practice",
        *[n for n in victim_codes if n != "Trauma-informed practice"],
    ]
    assert names_under(window, victim) == [*moved, "Honour-based abuse and forced marriage"]
    assert_in_step(window)

    # move down within a parent: the row above the drop counts before the move
    select(window, f"{victim}/Trauma-informed practice")
    drag_selection_to(window, f"{victim}/Mental capacity", "above")
    assert names_under(window, victim) == [
        "Voice and lived experience",
        "Non-engagement and withdrawal",
        "Interpreters and communication needs",
        "Older, disabled and carer victims",
        "Trauma-informed practice",
        "Mental capacity",
        "Race, ethnicity, culture and faith",
        "Honour-based abuse and forced marriage",
    ]
    assert_in_step(window)

    # a code dropped on another code: it becomes its last sub-code, in one undo step
    evidence = "Evidence and investigation"
    select(window, f"{victim}/Honour-based abuse and forced marriage")
    depth = panel.session.undo_stack.count()
    drag_selection_to(window, evidence, "on")
    assert panel.session.undo_stack.count() == depth + 1
    assert names_under(window, evidence) == [
        "Evidence-led prosecution",
        "Arrest, bail and protective orders",
        "Quality of investigation",
        "Offender management",
        "Honour-based abuse and forced marriage",
    ]
    assert "Honour-based abuse and forced marriage" not in names_under(window, victim)
    assert_in_step(window)

    # a top-level code dropped below another: a new place at the top level
    select(window, "Levels")
    drag_selection_to(window, victim, "below")
    top = names_under(window, None)
    assert top[top.index(victim) + 1] == "Levels"
    assert_in_step(window)

    # delete, with its codings
    select(window, f"{evidence}/Offender management")
    dialogs.answer(press("Delete its codings too"))
    panel.delete_action.trigger()
    assert "Offender management" not in names_under(window, evidence)
    assert_in_step(window)

    # undo every step with the Undo action: the tree is back as it was, code for code
    while window.undo_act.isEnabled():
        window.undo_act.trigger()
        assert_in_step(window)
    assert qt_walk(panel.model) == start
    assert names_under(window, victim) == victim_codes
    # and redo them all: the same codes come back with the same ids
    while window.redo_act.isEnabled():
        window.redo_act.trigger()
        assert_in_step(window)
    assert names_under(window, evidence) == [
        "Evidence-led prosecution",
        "Arrest, bail and protective orders",
        "Quality of investigation",
        "Honour-based abuse and forced marriage",
    ]


def test_several_codes_ctrl_clicked_and_dropped_on_a_code_move_in_one_undo_step(window):
    """Ctrl+click three codes (out of their tree order), drag them onto another code: all
    three become its last sub-codes, in the tree's order, as one step that Edit -> Undo
    takes back whole."""
    window.open_demo()
    panel = window.codebook
    victim = "Victim engagement and care"
    evidence = "Evidence and investigation"
    before_victim = names_under(window, victim)
    before_evidence = names_under(window, evidence)
    select(window, f"{victim}/Mental capacity")
    select(window, f"{victim}/Voice and lived experience", also=True)
    select(window, f"{victim}/Trauma-informed practice", also=True)
    chosen = {i.data(CODE_ID_ROLE) for i in panel.view.selectionModel().selectedRows()}
    assert len(chosen) == 3
    depth = panel.session.undo_stack.count()
    drag_selection_to(window, evidence, "on")
    assert panel.session.undo_stack.count() == depth + 1
    assert names_under(window, evidence) == [
        *before_evidence,
        "Voice and lived experience",
        "Trauma-informed practice",
        "Mental capacity",
    ]
    assert names_under(window, victim) == [
        n
        for n in before_victim
        if n not in {"Voice and lived experience", "Trauma-informed practice", "Mental capacity"}
    ]
    assert_in_step(window)
    window.undo_act.trigger()
    assert names_under(window, victim) == before_victim
    assert names_under(window, evidence) == before_evidence
    assert_in_step(window)


def _shown(window) -> list[tuple]:
    """The documents list as the view shows it, row by row."""
    proxy = window.documents.view.model()
    return [
        tuple(proxy.index(r, c).data() for c in range(proxy.columnCount()))
        for r in range(proxy.rowCount())
    ]


def test_documents_model_holds_the_records_and_sorts_filters_and_marks_as_before(
    window, qtbot, qtmodeltester
):
    window.open_demo()
    panel = window.documents
    model = panel.model
    qtmodeltester.check(model)
    project = window.session.project
    records = documents.list_documents(project)
    counts = codings.counts_by_document(project)
    assert [r.document for r in model.rows] == records
    assert [r.codings for r in model.rows] == [counts[d.id] for d in records]
    assert [r.status for r in model.rows] == ["", "", ""]
    assert [model.index(i, 0).data(DOC_ID_ROLE) for i in range(3)] == [d.id for d in records]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Title",
        "Pages",
        "Codings",
        "My status",
    ]
    by_title = {d.title: d for d in records}
    assert sorted(_shown(window)) == sorted(
        (title, d.pages, counts[d.id], "") for title, d in by_title.items()
    )
    assert by_title["Child Safeguarding Practice Review: Child B"].pages == 10

    # sort by a click on a column's header: numbers sort as numbers
    header = panel.view.horizontalHeader()

    def click_header(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_header(1)
    assert [(row[0][:5], row[1]) for row in _shown(window)] == [
        ("Safeg", 9),
        ("Child", 10),
        ("Domes", 14),
    ]
    click_header(1)
    assert [row[1] for row in _shown(window)] == [14, 10, 9]
    click_header(2)
    assert [row[2] for row in _shown(window)] == [97, 119, 167]  # numbers, not text
    assert sorted(counts.values()) == [97, 119, 167]

    # filter by title
    qtbot.keyClicks(panel.filter, "adult")
    assert sorted(row[0] for row in _shown(window)) == [
        "Domestic Homicide Review: Adult A (2022)",
        "Safeguarding Adults Review: Mr C",
    ]
    panel.filter.clear()

    # mark a document's status from its right-click menu, then undo it
    proxy = panel.view.model()
    row = next(
        r for r in range(3) if proxy.index(r, 0).data() == "Safeguarding Adults Review: Mr C"
    )
    index = proxy.index(row, 0)
    doc_id = index.data(DOC_ID_ROLE)
    actions = right_click(qtbot, panel.view.viewport(), panel.view.visualRect(index).center())
    (mark,) = [a for a in actions if a.text() == "Mark in progress"]
    mark.trigger()
    coder = window.session.coder_id()
    assert assignments.status_of(project, doc_id, coder) == "in_progress"
    (marked,) = [r for r in model.rows if r.document.id == doc_id]
    assert marked.status == "in progress (not assigned)"
    shown = {row[0]: row for row in _shown(window)}
    assert shown["Safeguarding Adults Review: Mr C"][3] == "in progress (not assigned)"
    window.undo_act.trigger()
    assert [r.status for r in model.rows] == ["", "", ""]
