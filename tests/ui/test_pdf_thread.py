"""PyMuPDF on one thread: every PyMuPDF call the app makes (building the demo, rendering,
importing PDFs and a REFI-QDA project with PDFs, reading fonts again for the structure, a
theme report and a briefing as PDF, the flow diagram as PNG) runs on the PDF worker's
thread.

PyMuPDF's entry points are wrapped to note the thread of every call that comes from the
app's code (``coder/``); the test's own PDFs are made before the recording starts."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import coder
from coder.coding.ingest import import_pdf
from coder.errors import PdfError
from coder.pdf.extract import extract_pdf
from coder.project import codes
from coder.project.store import Project
from coder.ui.pdf_worker import PdfWorker
from tests.conftest import sample_pdf
from tests.datafiles import DATA
from tests.ui.modal import choose_file, type_text

CODER_DIR = str(Path(coder.__file__).parent)

SPIED = {
    pymupdf.Document: ("__init__", "load_page", "new_page", "tobytes", "close"),
    pymupdf.Page: ("get_text", "get_textpage", "get_pixmap"),
    pymupdf.Story: ("__init__", "place", "draw"),
    pymupdf.DocumentWriter: ("__init__", "close"),
    pymupdf.TextWriter: ("__init__", "append", "write_text"),
    pymupdf.Font: ("__init__",),
    pymupdf.Pixmap: ("tobytes",),
    pymupdf.TOOLS: ("store_shrink",),
}


def _from_app() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(CODER_DIR):
            return True
        frame = frame.f_back
    return False


class Calls:
    def __init__(self) -> None:
        self.recording = False
        self.seen: list[tuple[int, str]] = []


@pytest.fixture
def pymupdf_calls(monkeypatch):
    calls = Calls()
    for cls, names in SPIED.items():
        for name in names:
            real = getattr(cls, name)

            def spy(*args, _real=real, _name=f"{cls.__name__}.{name}", **kwargs):
                if calls.recording and _from_app():
                    calls.seen.append((threading.get_ident(), _name))
                return _real(*args, **kwargs)

            monkeypatch.setattr(cls, name, spy)
    return calls


def _stale_project(path: Path, pdf: Path) -> Path:
    """A project whose structure must be found again (as before structure existed): the
    fonts are read again from its stored PDF."""
    with Project.create(path) as project:
        import_pdf(project, pdf, "Zoe Tester")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE pages SET line_styles = NULL")
    for table in ("structures", "headings", "paragraphs"):
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    conn.close()
    return path


def _rendered(window) -> bool:
    view = window.page_view
    return (
        view.data is not None and view.cache.get((view.data.id, 1, view.render_scale())) is not None
    )


def test_every_pymupdf_call_of_the_app_runs_on_the_pdf_worker(
    window, qtbot, dialogs, tmp_path, pymupdf_calls
):
    data, builder = sample_pdf()
    first = tmp_path / "first.pdf"
    first.write_bytes(data)
    builder.doc[0].insert_text((72, 700), "a second review")
    second = tmp_path / "second.pdf"
    second.write_bytes(builder.doc.tobytes())
    old = _stale_project(tmp_path / "old.rcproj", first)
    demo = Path(os.environ["REVIEW_CODER_DATA"]) / "demo.rcproj"
    demo.unlink()  # built again, as on a first run
    pymupdf_calls.recording = True

    window.projects.demo_act.trigger()  # the demo's PDFs are generated and imported
    assert window.session is not None and demo.exists()
    qtbot.waitUntil(lambda: _rendered(window), timeout=20000)

    code = codes.find_by_path(window.session.project, "Collaborative working")
    window.codebook.select_code(code)
    report = tmp_path / "collaboration.pdf"
    dialogs.answer(choose_file(str(report)))
    window.analyses.report_act.trigger()
    qtbot.waitUntil(report.exists, timeout=20000)
    assert report.read_bytes().startswith(b"%PDF-")

    dialogs.answer(type_text("Risk briefing"))
    window.briefing.briefings_act.trigger()
    QTest.mouseClick(window.briefing.briefings.new_button, Qt.MouseButton.LeftButton)
    briefing = tmp_path / "briefing.pdf"
    dialogs.answer(choose_file(str(briefing)))
    QTest.mouseClick(window.briefing.briefings.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(briefing.exists, timeout=20000)
    assert briefing.read_bytes().startswith(b"%PDF-")
    window.briefing.briefings.close()

    window.sampling.flow_act.trigger()
    assert window.sampling.flow_dialog.png.startswith(b"\x89PNG")
    window.sampling.flow_dialog.close()

    dialogs.answer(choose_file(str(old)))
    window.projects.open_act.trigger()  # its structure is found again on a job
    qtbot.waitUntil(lambda: window.outlining.structure_job is None, timeout=20000)
    assert window.session.project.path == old

    dialogs.answer(choose_file(str(second)))
    window.projects.import_act.trigger()
    qtbot.waitUntil(lambda: window.projects.import_run is None, timeout=20000)
    qtbot.waitUntil(lambda: window.outlining.structure_job is None, timeout=20000)

    imported = tmp_path / "qualcoder.rcproj"
    dialogs.answer(
        choose_file(str(DATA / "qualcoder" / "demo-reexported-by-qualcoder.qdpx")),
        choose_file(str(imported)),
    )
    window.exchange.import_qdpx_act.trigger()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.project.path == imported,
        timeout=30000,
    )
    qtbot.waitUntil(lambda: _rendered(window), timeout=20000)
    pymupdf_calls.recording = False

    worker = window.worker.call(threading.get_ident)
    assert worker != threading.get_ident()
    threads = {t for t, _ in pymupdf_calls.seen}
    names = {n for _, n in pymupdf_calls.seen}
    assert threads == {worker}, [n for t, n in pymupdf_calls.seen if t != worker][:10]
    assert {
        "Document.__init__",  # every import and render
        "Page.get_text",  # extraction: the demo, the import, the REFI-QDA project's PDFs
        "Page.get_pixmap",  # rendering, and the flow diagram
        "Story.__init__",  # the theme report and the briefing
        "TextWriter.__init__",  # the demo's generator
        "Pixmap.tobytes",  # the flow diagram's PNG
    } <= names


def test_a_call_on_the_worker_returns_its_result_or_raises_its_error_in_the_caller(qtbot):
    worker = PdfWorker()
    worker.start()
    try:
        on_worker = worker.call(threading.get_ident)
        assert on_worker != threading.get_ident()
        with pytest.raises(PdfError, match=r"^junk\.pdf: not a PDF file"):
            worker.call(lambda: extract_pdf(b"not a pdf", "junk.pdf"))
        assert worker.call(lambda: worker.call(threading.get_ident)) == on_worker  # no wait
    finally:
        worker.stop()
    assert worker.call(threading.get_ident) == threading.get_ident()  # stopped: runs here
