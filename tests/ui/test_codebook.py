"""The codebook tree: a Qt model over the core's code tree."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from coder.project import codes
from coder.project.store import Project
from coder.ui import mime
from coder.ui.codebook_model import CODE_ID_ROLE, CodebookModel
from coder.ui.quick_code import fuzzy_score
from coder.ui.session import ProjectSession
from tests.ui.modal import choose_code, choose_colour, press, type_text


@pytest.fixture
def session(tmp_path, qtbot):
    path = tmp_path / "cb.rcproj"
    with Project.create(path) as project, project.write():
        for p in (
            "Risk/DASH",
            "Risk/Repeat victimisation",
            "Risk/Coercive control",
            "Collaboration/MARAC",
            "Collaboration/MASH",
            "Enablers",
        ):
            codes.ensure_path(project, p, None)
    s = ProjectSession.open(path, "Zoe Tester")
    yield s
    s.close()


def _tree(model: CodebookModel, parent=QModelIndex(), depth=0) -> list[str]:
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append("  " * depth + index.data())
        out.extend(_tree(model, index, depth + 1))
    return out


def test_model_passes_qtmodeltester_and_mirrors_the_core_tree(session, qtmodeltester):
    model = CodebookModel(session)
    qtmodeltester.check(model)
    assert _tree(model) == [
        "Risk",
        "  DASH",
        "  Repeat victimisation",
        "  Coercive control",
        "Collaboration",
        "  MARAC",
        "  MASH",
        "Enablers",
    ]
    tree = codes.code_tree(session.project)
    for code_id in tree.parent:
        assert model.index_of(code_id).data(CODE_ID_ROLE) == code_id
        assert model.path_of(code_id) == tree.path(code_id)


def test_rename_by_editing_and_undo(session, qtmodeltester):
    model = CodebookModel(session)
    session.changed.connect(lambda _: model.reload())
    dash = codes.find_by_path(session.project, "Risk/DASH")
    assert model.setData(model.index_of(dash), "DASH risk assessment")
    assert codes.get_code(session.project, dash).name == "DASH risk assessment"
    assert model.index_of(dash).data() == "DASH risk assessment"
    assert not model.setData(model.index_of(dash), "Coercive control")  # sibling name taken
    session.undo_stack.undo()
    assert codes.get_code(session.project, dash).name == "DASH"
    qtmodeltester.check(model)


def test_move_by_drop_reorders_and_reparents_then_undo(session, qtmodeltester):
    model = CodebookModel(session)
    session.changed.connect(lambda _: model.reload())
    mash = codes.find_by_path(session.project, "Collaboration/MASH")
    risk = codes.find_by_path(session.project, "Risk")
    data = mime.codes_mime([mash])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, model.index_of(risk))
    assert _tree(model)[:5] == [
        "Risk",
        "  DASH",
        "  MASH",
        "  Repeat victimisation",
        "  Coercive control",
    ]
    # within one parent, downwards: the row counts before the move
    dash = codes.find_by_path(session.project, "Risk/DASH")
    model.dropMimeData(
        mime.codes_mime([dash]), Qt.DropAction.MoveAction, 3, 0, model.index_of(risk)
    )
    assert _tree(model)[:5] == [
        "Risk",
        "  MASH",
        "  Repeat victimisation",
        "  DASH",
        "  Coercive control",
    ]
    qtmodeltester.check(model)
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert _tree(model) == [
        "Risk",
        "  DASH",
        "  Repeat victimisation",
        "  Coercive control",
        "Collaboration",
        "  MARAC",
        "  MASH",
        "Enablers",
    ]


def test_panel_recolour_describe_merge_delete_and_filter(session, qtbot, dialogs):
    from coder.ui.codebook_panel import CodebookPanel

    panel = CodebookPanel(session)
    qtbot.addWidget(panel)
    session.changed.connect(lambda _: panel.reload())
    marac = codes.find_by_path(session.project, "Collaboration/MARAC")
    mash = codes.find_by_path(session.project, "Collaboration/MASH")
    panel.select_code(marac)
    dialogs.answer(choose_colour("#123456"))
    panel.colour_action.trigger()
    described = []
    panel.describeRequested.connect(described.append)
    panel.describe_action.trigger()
    assert described == [marac]  # the main window shows its definition editor
    assert codes.get_code(session.project, marac).colour == "#123456"
    dialogs.answer(choose_code("Collaboration/MASH"))
    panel.merge_action.trigger()
    assert codes.get_code(session.project, marac) is None
    session.undo_stack.undo()
    assert codes.get_code(session.project, marac).colour == "#123456"
    panel.select_code(mash)
    dialogs.answer(press("Move its codings to the parent code"))
    panel.delete_action.trigger()
    assert codes.get_code(session.project, mash) is None
    session.undo_stack.undo()
    assert codes.get_code(session.project, mash) is not None
    dialogs.answer(type_text("Escalation"))
    panel.new_action.trigger()
    new = codes.find_by_path(session.project, "Escalation")
    assert codes.get_code(session.project, new).parent_id is None
    session.undo_stack.undo()
    session.undo_stack.redo()
    assert codes.get_code(session.project, new).name == "Escalation"  # same id on redo
    panel.select_code(mash)
    dialogs.answer(type_text("Joint working"))
    panel.new_child_action.trigger()
    assert codes.find_by_path(session.project, "Collaboration/MASH/Joint working") is not None
    panel.filter.setText("mas")
    visible = []
    for row in range(panel.proxy.rowCount()):
        parent = panel.proxy.index(row, 0)
        visible.append(parent.data())
        visible += [
            panel.proxy.index(r, 0, parent).data() for r in range(panel.proxy.rowCount(parent))
        ]
    assert visible == ["Collaboration", "MASH"]


def test_fuzzy_score_prefers_names_that_start_with_the_query():
    assert fuzzy_score("dash", "Risk/DASH") > fuzzy_score("dash", "Other/Dashboards and DASH")
    assert fuzzy_score("rv", "Risk/Repeat victimisation") is not None
    assert fuzzy_score("xyz", "Risk/DASH") is None


def test_a_slash_in_a_code_name_shows_as_typed_not_escaped(session, qtbot):
    from coder.ui.code_editor import CodeEditor
    from coder.ui.codebook_panel import CodebookPanel

    with session.project.write():
        housing = codes.ensure_path(session.project, "Case context/Housing\\/homelessness", None)
    panel = CodebookPanel(session)
    qtbot.addWidget(panel)
    assert panel.path_of(housing) == "Case context/Housing\\/homelessness"  # for the CLI
    assert panel.label_of(housing) == "Case context/Housing/homelessness"
    assert panel.code_paths()[housing] == "Case context/Housing/homelessness"  # quick code
    index = panel.model.index_of(housing)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Case context/Housing/homelessness"
    editor = CodeEditor(session)
    qtbot.addWidget(editor)
    editor.show_code(housing)
    assert editor.path.text() == "Case context/Housing/homelessness"
