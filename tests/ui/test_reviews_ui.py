"""Codebook editor, review panel, memo panel and the new-project dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.coding import reviews
from coder.coding.ingest import import_pdf
from coder.project import codes
from coder.project import reviews as review_repo
from coder.project.memos import memos_for
from coder.ui.new_project import NewProjectDialog
from tests.pdfkit import PdfBuilder


def _make(tmp_path, window):
    dialog = NewProjectDialog(window)
    dialog.path.setText(str(tmp_path / "study.rcproj"))
    dialog.name.setText("DHR study")
    dialog.coder_name = "Zoe Tester"
    dialog.accept()
    assert dialog.created == tmp_path / "study.rcproj"
    assert window.open_project(dialog.created)
    for name in ("Overview report", "Executive summary"):
        b = PdfBuilder()
        b.page()
        b.line(72, 100, f"{name}: the risk assessment was not repeated.")
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(b.tobytes())
        import_pdf(window.session.project, pdf, "Zoe Tester")
    window.session.check_external_changes()
    window.documents.reload()
    docs = sorted(window.documents.model.rows, key=lambda r: r.document.title)
    window.open_document(docs[1].document.id)  # "Overview report"
    return docs


def test_new_project_dialog_offers_shipped_codebooks_and_attributes(window, tmp_path):
    _make(tmp_path, window)
    project = window.session.project
    assert project.meta("name") == "DHR study"
    assert len(codes.list_codes(project)) == 59  # police-learning is ticked by default
    assert [a.name for a in reviews.list_attributes(project)][:2] == [
        "review type",
        "joint review types",
    ]


def test_edit_a_definition_and_an_attribute_then_undo_both(window, tmp_path):
    _make(tmp_path, window)
    project = window.session.project
    code_id = codes.find_by_path(
        project, "Identifying and managing risk/Risk as a process, not an event"
    )
    window.codebook.select_code(code_id)
    editor = window.code_editor
    assert editor.code_id == code_id
    before = codes.get_code(project, code_id)
    editor.texts["when_to_use"].setPlainText("Risk was not revisited after new incidents.")
    editor.texts["example"].setPlainText("The March grading was relied on all summer.")
    assert editor.apply()
    code = codes.get_code(project, code_id)
    assert code.when_to_use == "Risk was not revisited after new incidents."
    assert code.example == "The March grading was relied on all summer."

    panel = window.review_panel
    review = reviews.review_of(project, window.doc.id).id
    review_type = panel.editors[
        next(a.id for a in reviews.list_attributes(project) if a.name == "review type")
    ]
    review_type.editor.setCurrentText("DHR")
    year = panel.editors[
        next(a.id for a in reviews.list_attributes(project) if a.name == "publication year")
    ]
    year.not_stated.setChecked(True)
    values = reviews.attribute_values(project)[review]
    assert values[review_type.spec.id] == "DHR"
    assert values[year.spec.id] is NOT_STATED_VALUE

    stack = window.session.undo_stack
    stack.undo()  # publication year
    stack.undo()  # review type
    assert reviews.attribute_values(project).get(review, {}) == {}
    assert review_type.editor.currentText() == ""
    stack.undo()  # the definition
    assert codes.get_code(project, code_id) == before
    assert editor.texts["when_to_use"].toPlainText() == before.when_to_use
    stack.redo()
    assert codes.get_code(project, code_id).example == (
        "The March grading was relied on all summer."
    )


def test_group_two_documents_in_the_review_panel_and_undo(window, tmp_path):
    docs = _make(tmp_path, window)
    project = window.session.project
    assert window.review_panel.group([d.document.id for d in docs])
    assert len(reviews.list_reviews(project)) == 1
    assert window.review_panel.docs.text() == "Executive summary; Overview report"
    assert window.review_panel.separate_button.isEnabled()
    window.session.undo_stack.undo()
    assert len(reviews.list_reviews(project)) == 2


def _type_memo(qtbot, memos, text: str) -> None:
    """Type the memo in the Memos panel's box and click Add."""
    memos.text.setFocus()
    qtbot.keyClicks(memos.text, text)
    qtbot.mouseClick(memos.add_button, Qt.MouseButton.LeftButton)


def test_memos_on_a_document_and_a_code_with_undo(window, tmp_path, qtbot):
    _make(tmp_path, window)
    project = window.session.project
    memos = window.memos
    memos.kind.setCurrentIndex(memos.kind.findData("document"))
    _type_memo(qtbot, memos, "The summary leaves out the chronology.")
    doc_memos = memos_for(project, "document", window.doc.id)
    assert [m.text for m in doc_memos] == ["The summary leaves out the chronology."]
    assert memos.list.count() == 1
    memos.list.setCurrentRow(0)
    memos.text.setPlainText("The summary omits the chronology.")
    memos.save_edit()
    assert memos_for(project, "document", window.doc.id)[0].text == (
        "The summary omits the chronology."
    )
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert memos_for(project, "document", window.doc.id) == []
    code_id = codes.find_by_path(project, "Collaborative working")
    window.codebook.select_code(code_id)
    memos.kind.setCurrentIndex(memos.kind.findData("code"))
    _type_memo(qtbot, memos, "Merge MASH and MARAC?")
    assert [m.text for m in memos_for(project, "code", code_id)] == ["Merge MASH and MARAC?"]
    assert memos.list.item(0).text().startswith("Zoe Tester, ")
    assert memos.list.item(0).data(Qt.ItemDataRole.UserRole + 1) == "Merge MASH and MARAC?"


def test_loading_a_codebook_in_the_app_is_one_undoable_step(window, tmp_path):
    from coder.codebook.files import read_codebook, shipped_dir

    _make(tmp_path, window)
    project = window.session.project
    assert window.projects.load_codebook(shipped_dir() / "systems-factors.yaml")
    assert len(codes.list_codes(project)) == 59 + 23
    assert window.codebook.model.index_of(codes.find_by_path(project, "Levels/Force")).isValid()
    window.session.undo_stack.undo()
    assert len(codes.list_codes(project)) == 59
    window.session.undo_stack.redo()
    assert len(codes.list_codes(project)) == 59 + 23
    book = read_codebook(shipped_dir() / "systems-factors.yaml")
    ids = {"/".join((*parents, c.name)): c.id for parents, c in book.walk()}
    assert (
        codes.find_by_path(project, "Underlying patterns/Human reasoning")
        == (ids["Underlying patterns/Human reasoning"])
    )  # the file's ids again, not new ones


def test_ctrl_z_in_a_field_takes_back_the_committed_edit(window, tmp_path, qtbot):
    """Rename the review in its field and press Enter, then Ctrl+Z in the same field: the
    rename is undone (the field, refilled from the project, had nothing of its own to
    undo, and took the keys all the same). While typing, Ctrl+Z still undoes the typing."""
    docs = _make(tmp_path, window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    project = window.session.project
    doc = docs[1].document.id
    name = window.review_panel.name
    before = review_repo.review_of(project, doc).name
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "SAR Adult K")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert review_repo.review_of(project, doc).name == "SAR Adult K"
    assert name.text() == "SAR Adult K"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review_repo.review_of(project, doc).name == before
    assert name.text() == before
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(name, Qt.Key.Key_Z, shift_ctrl)
    assert review_repo.review_of(project, doc).name == "SAR Adult K"
    # typing not yet committed: Ctrl+Z is the field's own undo, the project is untouched
    depth = window.session.undo_stack.index()
    qtbot.keyClicks(name, " (2021)")
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "SAR Adult K"
    assert window.session.undo_stack.index() == depth
    assert review_repo.review_of(project, doc).name == "SAR Adult K"
