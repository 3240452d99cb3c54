"""The Team menu: a coder's copy codes as that coder, progress marks, assignments, blind
coding and side-by-side stripes, the merge dialog, agreement and adjudication."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_text
from coder.project import assignments, coders, codes, codings, documents
from coder.project.store import Project
from coder.teamwork.consensus import CONSENSUS
from coder.teamwork.distribute import distribute
from tests.conftest import sample_pdf
from tests.ui.modal import type_text


def _team_project(tmp_path: Path) -> tuple[Path, dict]:
    """One document coded by Ann and Bob: they agree on one passage and differ on another."""
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(sample_pdf()[0])
    path = tmp_path / "team.rcproj"
    with Project.create(path, user="Lead") as p:
        import_pdf(p, pdf, "Lead")
        (doc,) = documents.list_documents(p)
        text = documents.document_text(p, doc.id)
        with p.write():
            risk = codes.ensure_path(p, "Risk", None)
            ann, bob = (coders.ensure_coder(p, n).id for n in ("Ann", "Bob"))
        at, m = text.index("risk assessment"), text.index("MARAC")
        code_text(p, doc.id, risk, ann, at, at + 15)
        code_text(p, doc.id, risk, bob, at, at + 15)
        code_text(p, doc.id, risk, ann, m, m + 5)
    return path, {"doc": doc.id, "risk": risk, "ann": ann, "bob": bob}


def test_a_coders_copy_codes_as_that_coder_and_marks_progress(window, tmp_path, qtbot):
    path, ids = _team_project(tmp_path)
    (tmp_path / "copies").mkdir()
    _ann_copy, bob_copy = distribute(path, ["Ann", "Bob"], tmp_path / "copies")
    assert window.open_project(bob_copy)
    assert window.session.coder_name == "Bob"  # not the settings' "Zoe Tester"
    window.open_document(ids["doc"])
    assert window.team.mark_status("in_progress")
    assert window.documents.model.rows[0].status == "in progress (not assigned)"
    assert window.team.mark_status("done")
    project = window.session.project
    assert assignments.status_of(project, ids["doc"], ids["bob"]) == "done"
    window._undo(True)
    assert assignments.status_of(project, ids["doc"], ids["bob"]) == "in_progress"
    window._undo(True)
    assert project.conn.execute("SELECT count(*) FROM assignments").fetchone() == (0,)
    window._undo(False)
    assert window.documents.model.rows[0].status == "in progress (not assigned)"


def test_assign_and_progress_dialogs(window, tmp_path, qtbot):
    path, ids = _team_project(tmp_path)
    assert window.open_project(path)
    dialog = window.team.show_assign()
    dialog.docs.item(0).setCheckState(Qt.CheckState.Checked)
    for i in range(dialog.coders.count()):
        if dialog.coders.item(i).text() in ("Ann", "Bob"):
            dialog.coders.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.new_coder.setText("Cat")
    dialog._add_coder()
    assert dialog.apply(True)
    project = window.session.project
    rows = {(a.coder_id, a.assigned, a.status) for a in assignments.list_assignments(project)}
    cat = coders.find_coder(project, "Cat").id
    assert rows == {
        (ids["ann"], True, "not_started"),
        (ids["bob"], True, "not_started"),
        (cat, True, "not_started"),
    }
    assignments.set_status(project, ids["doc"], ids["ann"], "done")
    progress = window.team.show_progress()
    headers = [progress.table.horizontalHeaderItem(i).text() for i in range(3)]
    assert headers == ["Ann", "Bob", "Cat"]
    assert [progress.cell_text(0, i) for i in range(3)] == ["done", "not started", "not started"]
    window._undo(True)  # the assignment, as one step; Ann's own mark stays
    assert [(a.coder_id, a.assigned, a.status) for a in assignments.list_assignments(project)] == [
        (ids["ann"], False, "done")
    ]


def test_blind_coding_and_side_by_side_stripes(window, tmp_path, dialogs):
    path, ids = _team_project(tmp_path)
    assert window.open_project(path)
    dialogs.answer(type_text("Ann"))
    window.coder_act.trigger()
    window.open_document(ids["doc"])
    assert {c.coder_id for c in window.doc.codings} == {ids["ann"], ids["bob"]}
    window.team.show_only_mine()
    assert {c.coder_id for c in window.doc.codings} == {ids["ann"]}
    window.team.show_everyone()
    window.team.set_coder_shown(ids["ann"], False)
    assert {c.coder_id for c in window.doc.codings} == {ids["bob"]}
    window.team.show_everyone()
    window.team.set_stripes_by_coder(True)
    columns = {(c.coder_id, window.doc.stripe_column(c)) for c in window.doc.codings}
    assert columns == {(ids["ann"], 0), (ids["bob"], 2)}  # a gap between coders
    window.open_document(ids["doc"])  # the choice holds for the next document
    assert window.doc.by_coder
    window.team.set_stripes_by_coder(False)
    assert {window.doc.stripe_column(c) for c in window.doc.codings} == {0}


def test_merge_dialog_reports_before_writing(window, tmp_path, qtbot):
    path, _ = _team_project(tmp_path)
    (tmp_path / "copies").mkdir()
    copies = distribute(path, ["Ann", "Bob"], tmp_path / "copies")
    dialog = window.team.show_merge()
    for c in copies:
        dialog.inputs.addItem(str(c))
    out = tmp_path / "merged.rcproj"
    dialog.out.setText(str(out))
    job = dialog.check()  # the job may finish before a signal could be waited for
    qtbot.waitUntil(job.isFinished, timeout=20000)
    qtbot.waitUntil(lambda: dialog.merge_button.isEnabled())
    assert "result: 1 documents, 1 codes, 3 coders, 3 codings" in dialog.text.toPlainText()
    assert not out.exists()
    with qtbot.waitSignal(dialog.merged, timeout=20000):
        dialog.merge()
    assert out.exists()
    with Project.open(out, read_only=True) as p:
        assert len(codings.list_codings(p)) == 3
    assert dialog.status.text() == f"Merged into {out}"
    # another list of inputs: the report and the last merge's line no longer hold
    dialog.inputs.setCurrentRow(1)
    remove = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert dialog.inputs.count() == 1
    assert dialog.text.toPlainText() == ""
    assert dialog.status.text() == ""
    assert not dialog.merge_button.isEnabled()
    assert not dialog.save_report_button.isEnabled()


def test_agreement_and_adjudication(window, tmp_path, qtbot):
    path, ids = _team_project(tmp_path)
    assert window.open_project(path)
    dialog = window.team.show_agreement()
    assert dialog.names() == ["Ann", "Bob"]  # coders who have coded
    dialog.level.setCurrentText("document")
    job = dialog.compute()  # the job may finish before a signal could be waited for
    qtbot.waitUntil(job.isFinished, timeout=20000)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.stats.item(0, 0).text() == "Risk"
    assert dialog.stats.item(0, 3).text() == "1.000"  # both applied Risk: agree
    assert dialog.stats.item(0, 4).text() == "—"  # kappa undefined: no variation
    assert "every judgement is the same" in dialog.stats.item(0, 4).toolTip()
    assert [d["coder"] for d in dialog.disagreements] == ["Ann"]  # Ann's MARAC coding
    dialog.table.selectRow(0)
    first_job = dialog.job
    assert dialog.build()
    assert dialog.job is not first_job  # the figures are computed again
    qtbot.waitUntil(lambda: dialog.compute_button.isEnabled(), timeout=20000)
    project = window.session.project
    layer = coders.find_coder(project, CONSENSUS).id

    def consensus() -> int:
        return sum(1 for c in codings.list_codings(project) if c.coder_id == layer)

    assert consensus() == 1
    qtbot.waitUntil(lambda: dialog.disagreements and dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    assert dialog.decide(True)
    qtbot.waitUntil(lambda: dialog.compute_button.isEnabled(), timeout=20000)
    assert consensus() == 2
    qtbot.waitUntil(lambda: dialog.disagreements[0]["decision"] == "accepted")
    window._undo(True)
    assert consensus() == 1
    window._undo(False)
    assert consensus() == 2
    with qtbot.waitSignal(dialog.codingActivated):
        dialog._activate(0)
    assert window.doc is not None and window.doc.id == ids["doc"]
