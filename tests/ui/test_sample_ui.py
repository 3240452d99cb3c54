"""The Sample menu: the screening queue by keyboard, duplicate suggestions confirmed by
button, the flow diagram, and provenance in the review panel."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt

from coder.cli.main import main
from coder.project import candidates, documents, provenance
from coder.project import duplicates as dup_repo
from coder.project import screening as repo
from tests.samplekit import paragraph, pdf_of, write_candidates
from tests.ui.modal import choose_file


def _rows():
    out = []
    for i, (title, repository) in enumerate(
        [
            ("DHR Adult A", "Home Office DHR library"),
            ("DHR Adult A (council copy)", "council or partnership website"),
            ("CSPR Child B", "national case review repository"),
            ("SAR Mr C", "other"),
        ]
    ):
        out.append(
            {
                "title": title,
                "url": "",
                "repository": repository,
                "retrieved_on": "2026-11-02",
                "publication_status": "full report",
                "published_on": "",
                "file": f"r{i}.pdf" if i < 3 else "",
                "review type": "DHR",
                "publication year": "2020",
            }
        )
    return out


def _project(tmp_path):
    path = tmp_path / "sample.rcproj"
    assert main(["new", str(path), "--attributes", "review-attributes"]) == 0
    assert (
        main(
            [
                "sample",
                str(path),
                "--import",
                str(write_candidates(tmp_path / "c.csv", _rows())),
                "--coder",
                "Lead",
            ]
        )
        == 0
    )
    criteria = tmp_path / "criteria.txt"
    criteria.write_text("Include reviews in which the police were involved.", encoding="utf-8")
    assert main(["sample", str(path), "--criteria", str(criteria), "--coder", "Lead"]) == 0
    same = [paragraph(7, 150), paragraph(8, 150)]
    for i, pages in enumerate([same, same, [paragraph(9, 150)]]):
        (tmp_path / f"r{i}.pdf").write_bytes(pdf_of(pages, producer=f"m{i}"))
        assert (
            main(["sample", str(path), "--attach", str(tmp_path / f"r{i}.pdf"), "--coder", "Lead"])
            == 0
        )
    return path


def test_screening_queue_by_keyboard(window, tmp_path, qtbot):
    path = _project(tmp_path)
    assert window.open_project(path)
    assert window.sampling.screening_act.shortcut().toString() == "F8"
    window.sampling.screening_act.trigger()
    dialog = window.sampling.screening_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.heading.text().startswith("<b>DHR Adult A</b> (1 of 4)")
    assert "Home Office DHR library" in dialog.heading.text()
    assert paragraph(7, 150)[:40] in " ".join(dialog.pages.toPlainText().split())
    criteria = next(
        w
        for w in dialog.findChildren(type(dialog.pages))
        if w.accessibleName() == "Screening criteria"
    )
    assert criteria.toPlainText() == "Include reviews in which the police were involved."
    qtbot.keyClick(dialog, Qt.Key.Key_I)  # include, and on to the next
    assert dialog.heading.text().startswith("<b>DHR Adult A (council copy)</b> (2 of 4)")
    qtbot.keyClick(dialog, Qt.Key.Key_4)  # the fourth reason: duplicate
    dialog.reason.setCurrentIndex(1)
    qtbot.mouseClick(dialog.exclude_button, Qt.MouseButton.LeftButton)
    assert dialog.heading.text().startswith("<b>SAR Mr C</b> (4 of 4)")
    assert dialog.pages.toPlainText().startswith("No PDF yet")
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.decision_label.text() == "Your decision: exclude (out of period)"
    project = window.session.project
    mine = [(s.decision, s.reason) for s in repo.list_screenings(project)]
    assert mine == [("include", ""), ("exclude", "duplicate"), ("exclude", "out of period")]
    assert {s.coder_name for s in repo.list_screenings(project)} == {"Zoe Tester"}
    # a decision is one undo step
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    mine = [(s.decision, s.reason) for s in repo.list_screenings(project)]
    assert mine == [("include", ""), ("exclude", "duplicate")]
    assert dialog.decision_label.text() == "Your decision: not screened yet"
    window.redo_act.trigger()
    assert len(repo.list_screenings(project)) == 3
    # a review without a PDF can be screened but not coded
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.heading.text().startswith("<b>SAR Mr C</b> (4 of 4)")
    qtbot.mouseClick(dialog.code_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == (
        "'SAR Mr C' has no PDF yet; attach it with review-coder sample PROJECT --attach FILE "
        "before coding"
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    qtbot.mouseClick(dialog.code_button, Qt.MouseButton.LeftButton)
    sample = candidates.list_sample(project)
    assert window.doc.id == candidates.first_document(project, sample[2].id)


def test_undo_last_decision_goes_back_to_that_review(window, tmp_path, qtbot):
    """Include a review (the queue moves on), then Undo last decision: the decision is
    gone and the queue shows that review again, to decide it anew."""
    assert window.open_project(_project(tmp_path))
    window.sampling.screening_act.trigger()
    dialog = window.sampling.screening_dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.include_button, Qt.MouseButton.LeftButton)
    assert dialog.heading.text().startswith("<b>DHR Adult A (council copy)</b> (2 of 4)")
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert repo.list_screenings(window.session.project) == []
    assert dialog.heading.text().startswith("<b>DHR Adult A</b> (1 of 4)")
    assert dialog.decision_label.text() == "Your decision: not screened yet"


def test_duplicates_confirmed_and_flow_saved(window, tmp_path, qtbot, dialogs):
    path = _project(tmp_path)
    assert window.open_project(path)
    window.sampling.duplicates_act.trigger()
    dialog = window.sampling.duplicates_dialog
    qtbot.waitUntil(lambda: dialog.job.isFinished() and dialog.table.rowCount() == 1, timeout=20000)
    assert dialog.table.item(0, 0).text() == "same text"
    assert dialog.summary.text() == "1 pairs to look at; nothing changes until you decide"
    qtbot.mouseClick(dialog.buttons["duplicate"], Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 0
    project = window.session.project
    (removed,) = dup_repo.list_review_duplicates(project).values()
    sample = candidates.list_sample(project)
    assert (removed.review_id, removed.duplicate_of) == (sample[1].id, sample[0].id)
    assert len(documents.list_documents(project)) == 3
    window.undo_act.trigger()  # the decision is one undo step
    assert dup_repo.list_review_duplicates(project) == {}
    assert dup_repo.list_decisions(project) == {}
    window.redo_act.trigger()
    assert list(dup_repo.list_review_duplicates(project)) == [sample[1].id]

    window.sampling.flow_act.trigger()
    flow = window.sampling.flow_dialog
    assert flow.summary.text() == (
        "Identified 4, duplicates removed 1, screened 3, excluded 0, awaiting 3, included 0"
    )
    dialogs.answer(choose_file(str(tmp_path / "flow.svg")))
    save = next(
        b
        for b in flow.findChildren(type(dialog.buttons["duplicate"]))
        if b.text().startswith("&Save")
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    root = ET.fromstring((tmp_path / "flow.svg").read_text(encoding="utf-8"))
    shown = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Duplicates removed (n = 1)" in shown
    assert (tmp_path / "flow.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "flow.csv").read_text(encoding="utf-8").startswith("group,stage,category")


def test_provenance_in_the_review_panel_is_undoable(window, tmp_path, qtbot):
    path = _project(tmp_path)
    assert window.open_project(path)
    project = window.session.project
    doc = candidates.first_document(project, candidates.list_sample(project)[2].id)
    window.open_document(doc)
    editor = window.review_panel.provenance
    assert editor.repository.currentText() == "national case review repository"
    editor.status.setCurrentIndex(editor.status.findText("executive summary only"))
    editor.published.setFocus()
    qtbot.keyClicks(editor.published, "2022-03-04")
    qtbot.keyClick(editor.published, Qt.Key.Key_Return)
    review_id = candidates.list_sample(project)[2].id
    assert provenance.get(project, review_id) == provenance.Provenance(
        "", "national_case_review_repository", "2026-11-02", "executive_summary_only", "2022-03-04"
    )
    window.undo_act.trigger()
    window.undo_act.trigger()
    assert provenance.get(project, review_id).publication_status == "full_report"
    assert provenance.get(project, review_id).published_on is None


def test_attach_a_pdf_to_its_candidate_from_the_menu(window, tmp_path, qtbot, dialogs):
    path = _project(tmp_path)
    assert window.open_project(path)
    pdf = tmp_path / "SAR Mr C.pdf"  # matches the candidate by title
    pdf.write_bytes(pdf_of([paragraph(21, 150)]))
    dialogs.answer(choose_file(str(pdf)))
    window.sampling.attach_act.trigger()
    run = window.projects.import_run
    with qtbot.waitSignal(run.finished, timeout=20000):
        pass
    project = window.session.project
    counts = {r.name: r.documents for r in candidates.list_sample(project)}
    assert counts["SAR Mr C"] == 1
    assert len(documents.list_documents(project)) == 4


def test_disagreements_resolved_by_a_third_person(window, tmp_path, qtbot):
    from coder.coding import screening
    from coder.project.store import Project

    path = _project(tmp_path)
    with Project.open(path) as project:
        reviews = candidates.list_sample(project)
        for name, decisions in (
            ("Ann", ["", "out of scope", "", ""]),
            ("Bo", ["", "", "out of period", ""]),
        ):
            for review, reason in zip(reviews, decisions, strict=True):
                screening.screen(
                    project, review.id, "exclude" if reason else "include", reason, name
                )
    assert window.open_project(path)
    window.sampling.disagreements_act.trigger()
    dialog = window.sampling.disagreements_dialog
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "Ann: exclude (out of scope); Bo: include"
    assert dialog.summary.text().startswith("Ann and Bo both screened 4 reviews; Cohen's kappa")
    assert dialog.summary.text().endswith("2 disagreements, 2 unresolved.")
    dialog.table.selectRow(1)
    dialog.decision.setCurrentText("exclude: out of period")
    dialog.method.setCurrentText("consensus")
    qtbot.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(1, 2).text() == ("exclude (out of period), by consensus (Zoe Tester)")
    assert dialog.summary.text().endswith("2 disagreements, 1 unresolved.")
    resolution = repo.list_resolutions(window.session.project)[
        candidates.list_sample(window.session.project)[2].id
    ]
    assert (resolution.decision, resolution.method, resolution.decided_by_name) == (
        "exclude",
        "consensus",
        "Zoe Tester",
    )
    window.undo_act.trigger()
    assert repo.list_resolutions(window.session.project) == {}
