"""Each long job (merge, agreement, REFI-QDA import and export, segments export, theme
report, a briefing's Word or PDF file) stopped midway with its progress dialog's Cancel
button: the project is as it was (its table dump is equal), and no output file, whole or
partial, is left.

The job runs for real; the test only holds it at its first step past the start (a
wrapper around ``JobProgress.step``) until a person would have had time to press Cancel,
so "midway" is the same on a fast and a slow machine."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from coder.coding.operations import code_text
from coder.project import codes, documents
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.ui.jobs import JobProgress
from tests.datafiles import DATA
from tests.dump import table_dump
from tests.ui.modal import choose_file, type_text
from tests.ui.test_team_ui import _team_project


class Midway:
    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        self.at: tuple[int, int] | None = None


@pytest.fixture
def midway(monkeypatch):
    gate = Midway()
    real = JobProgress.step

    def step(self, done: int, total: int) -> None:
        if done > 0 and not gate.reached.is_set():
            gate.at = (done, total)
            gate.reached.set()
            gate.release.wait(30)
        real(self, done, total)

    monkeypatch.setattr(JobProgress, "step", step)
    yield gate
    gate.release.set()  # never leave a job waiting


def _cancel(qtbot, job, gate: Midway) -> None:
    """Wait until the job is midway and its dialog shows, press Cancel, let it go on."""
    qtbot.waitUntil(gate.reached.is_set, timeout=30000)
    qtbot.waitUntil(job.dialog.isVisible, timeout=5000)
    button = job.dialog.findChild(QPushButton)
    assert button.text() == "Cancel"
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        gate.release.set()
    job.wait(10000)
    assert not job.dialog.isVisible()
    done, total = gate.at
    assert 0 < done <= total


def _files(folder: Path) -> set[str]:
    return set(os.listdir(folder))


def _dump(path: Path) -> dict:
    with Project.open(path, read_only=True) as project:
        return table_dump(project)


@pytest.fixture
def demo(window):
    window.projects.demo_act.trigger()
    assert window.session is not None
    return window


def test_cancel_the_segments_export(demo, qtbot, dialogs, tmp_path, midway):
    before = table_dump(demo.session.project)
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / "segments.csv")))
    demo.analyses.export_act.trigger()
    _cancel(qtbot, demo.analyses.export_job, midway)
    assert _files(out) == set()
    assert table_dump(demo.session.project) == before
    assert demo.statusBar().currentMessage() == "Cancelled: segments.csv was not written"


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_cancel_the_theme_report(demo, qtbot, dialogs, tmp_path, midway, suffix):
    project = demo.session.project
    before = table_dump(project)
    demo.codebook.select_code(codes.find_by_path(project, "Collaborative working"))
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / f"report{suffix}")))
    demo.analyses.report_act.trigger()
    _cancel(qtbot, demo.analyses.export_job, midway)
    assert _files(out) == set()  # neither the report nor the disclosure report beside it
    assert table_dump(project) == before


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_cancel_writing_a_briefing(demo, qtbot, dialogs, tmp_path, midway, suffix):
    dialogs.answer(type_text("Risk briefing"))
    demo.briefing.briefings_act.trigger()
    dialog = demo.briefing.briefings
    QTest.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    before = table_dump(demo.session.project)
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / f"briefing{suffix}")))
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _cancel(qtbot, dialog.write_job, midway)
    assert _files(out) == set()
    assert table_dump(demo.session.project) == before
    assert dialog.check_label.text() == f"Cancelled: briefing{suffix} was not written"


def test_cancel_the_refi_qda_export(demo, qtbot, dialogs, tmp_path, midway):
    before = table_dump(demo.session.project)
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / "demo.qdpx")))
    demo.exchange.export_qdpx_act.trigger()
    _cancel(qtbot, demo.exchange.job, midway)
    assert _files(out) == set()
    assert table_dump(demo.session.project) == before


def test_cancel_the_refi_qda_import(demo, qtbot, dialogs, tmp_path, midway):
    open_path = demo.session.project.path
    before = table_dump(demo.session.project)
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(
        choose_file(str(DATA / "qualcoder" / "demo-reexported-by-qualcoder.qdpx")),
        choose_file(str(out / "imported.rcproj")),
    )
    demo.exchange.import_qdpx_act.trigger()
    _cancel(qtbot, demo.exchange.job, midway)
    assert _files(out) == set()
    assert demo.session.project.path == open_path  # the open project stays open
    assert table_dump(demo.session.project) == before


def _copies(tmp_path: Path) -> list[Path]:
    path, _ = _team_project(tmp_path)
    (tmp_path / "copies").mkdir()
    return distribute(path, ["Ann", "Bob"], tmp_path / "copies")


def test_cancel_the_merge(window, qtbot, tmp_path, midway):
    copies = _copies(tmp_path)
    before = [_dump(c) for c in copies]
    out = tmp_path / "out"
    out.mkdir()
    window.team.merge_act.trigger()
    dialog = window.team.merge_dialog
    for c in copies:
        dialog.inputs.addItem(str(c))
    dialog.out.setText(str(out / "merged.rcproj"))
    midway.reached.set()  # the check runs through
    QTest.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.merge_button.isEnabled, timeout=30000)
    midway.reached.clear()
    QTest.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    _cancel(qtbot, dialog.job, midway)
    assert _files(out) == set()
    assert [_dump(c) for c in copies] == before
    assert dialog.status.text() == "Cancelled: nothing was written"
    assert dialog.merge_button.isEnabled()  # the checked report still stands: merge again
    QTest.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (out / "merged.rcproj").exists(), timeout=30000)


def test_cancel_agreement(window, qtbot, tmp_path, midway):
    path, _ = _team_project(tmp_path)
    assert window.open_project(path)
    before = table_dump(window.session.project)
    window.team.agreement_act.trigger()
    dialog = window.team.agreement
    QTest.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    _cancel(qtbot, dialog.job, midway)
    assert dialog.report is None
    assert dialog.summary.text() == "Cancelled"
    assert dialog.compute_button.isEnabled()
    assert table_dump(window.session.project) == before


def test_cancel_agreement_at_segment_level_is_heard_inside_the_matching(
    window, qtbot, tmp_path, monkeypatch
):
    """At segment level the matching of codings is most of the work (and the list of
    disagreements matches them again): the job steps inside it, per document and code, so
    Cancel pressed while it matches stops it there, not only when the matching is over."""
    path, ids = _team_project(tmp_path)
    with Project.open(path) as project:
        text_of = documents.document_text(project, ids["doc"])
        with project.write():
            dash = codes.ensure_path(project, "Risk/DASH", None)
        at = text_of.index("MARAC")
        code_text(project, ids["doc"], dash, ids["ann"], at, at + 5)
        code_text(project, ids["doc"], dash, ids["bob"], at, at + 5)
    gate = Midway()
    real = JobProgress.step

    def step(self, done: int, total: int) -> None:
        # hold at the first step inside the first matching: past the agreement's first
        # third (its reading), before its end (the agreement is the job's first half)
        if total and 1 / 6 < done / total < 1 / 3 and not gate.reached.is_set():
            gate.at = (done, total)
            gate.reached.set()
            gate.release.wait(30)
        real(self, done, total)

    monkeypatch.setattr(JobProgress, "step", step)
    assert window.open_project(path)
    before = table_dump(window.session.project)
    window.team.agreement_act.trigger()
    dialog = window.team.agreement
    dialog.level.setCurrentText("segment")
    QTest.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    try:
        _cancel(qtbot, dialog.job, gate)
    finally:
        gate.release.set()
    assert dialog.report is None
    assert dialog.summary.text() == "Cancelled"
    assert table_dump(window.session.project) == before


def test_closing_the_window_cancels_a_running_job_and_waits_for_it(
    demo, qtbot, dialogs, tmp_path, midway
):
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / "demo.qdpx")))
    demo.exchange.export_qdpx_act.trigger()
    qtbot.waitUntil(midway.reached.is_set, timeout=30000)
    job = demo.exchange.job
    threading.Timer(0.3, midway.release.set).start()  # the job goes on while the window waits
    demo.close()
    assert job.isFinished()
    assert _files(out) == set()


def test_escape_on_the_progress_dialog_cancels_too(demo, qtbot, dialogs, tmp_path, midway):
    out = tmp_path / "out"
    out.mkdir()
    dialogs.answer(choose_file(str(out / "demo.qdpx")))
    demo.exchange.export_qdpx_act.trigger()
    job = demo.exchange.job
    qtbot.waitUntil(midway.reached.is_set, timeout=30000)
    qtbot.waitUntil(job.dialog.isVisible, timeout=5000)
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        QTest.keyClick(job.dialog, Qt.Key.Key_Escape)
        midway.release.set()
    assert _files(out) == set()
