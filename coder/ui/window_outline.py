"""The main window's outline: the Outline dock, paragraph numbers in the page margin, and
detecting the structure of documents that have none (a project from before structure
existed) on a worker with progress. A mixin of ``MainWindow``."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog

from coder.coding.structure import detect_document
from coder.errors import CoderError
from coder.project import documents
from coder.project.edit import Changes
from coder.project.store import Project
from coder.project.structure import stale_documents
from coder.structure.model import STRUCTURE_VERSION
from coder.ui.outline_panel import OutlinePanel
from coder.ui.screen_fit import roomy


class StructureJob(QThread):
    """Detects the structure of documents on its own connection, one transaction each;
    PyMuPDF (for fonts read again from a stored PDF) only under the worker's lock."""

    progress = Signal(int, int, str)  # done, total, title
    finished_with = Signal(int, str)  # documents detected, a one-line error or ''

    def __init__(self, path, document_ids: list[str], pdf_lock, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.document_ids = document_ids
        self.pdf_lock = pdf_lock
        self.cancelled = False

    def run(self) -> None:
        done = 0
        try:
            with Project.open(self.path, shared=True) as project:
                for i, doc_id in enumerate(self.document_ids):
                    if self.cancelled:
                        break
                    title = documents.get_document(project, doc_id).title
                    self.progress.emit(i, len(self.document_ids), title)
                    with self.pdf_lock:
                        detect_document(project, doc_id)
                    done += 1
        except CoderError as exc:
            self.finished_with.emit(done, str(exc))
            return
        self.finished_with.emit(done, "")


class OutlineActions:
    def _make_outline(self) -> None:
        """Called once while the window is built: the dock and the View action."""
        self.outline: OutlinePanel | None = None
        self.structure_job: StructureJob | None = None
        self.outline_dock = self._dock("Outline", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.review_dock, self.outline_dock)
        self.documents_dock.raise_()  # Documents stays in front on a first run
        self.paragraph_numbers_act = self._action(
            "Show &paragraph numbers in the margin",
            self._toggle_paragraph_numbers,
            "Ctrl+Shift+P",
            checkable=True,
        )
        self.page_view.verticalScrollBar().valueChanged.connect(
            lambda _value: self._track_section()
        )

    def _install_outline(self, session) -> OutlinePanel:
        self.outline = OutlinePanel(session)
        self.outline.headingActivated.connect(self.go_to_heading)
        self.outline.detectRequested.connect(self.detect_structure_again)
        self.outline_dock.setWidget(roomy(self.outline))
        self.outline_dock.setEnabled(True)
        if not session.read_only:
            stale = stale_documents(session.project, STRUCTURE_VERSION)
            if stale:
                self.detect_structure(stale)
        return self.outline

    def _outline_document(self, document_id: str) -> None:
        if self.outline is not None:
            self.outline.show_document(document_id)
            self._track_section()

    def _outline_changed(self, changes: Changes) -> None:
        if not changes.touches("structure"):
            return
        if self.doc is not None:
            self.doc.reload_structure()
            self.view.viewport().update()
        if self.outline is not None:
            self.outline.reload()
            self._track_section()

    def _outline_selection(self) -> None:
        if self.outline is not None:
            sel = self.view.selection() if self.doc is not None else None
            self.outline.selection_start = sel[0] if sel else None

    def go_to_heading(self, start: int, end: int) -> None:
        if self.doc is not None:
            self.view.reveal(start, end)

    def _track_section(self) -> None:
        """Select the current section's heading in the outline as the page scrolls: the
        section holding the text a little below a third of the way down the view (where
        going to a heading puts it)."""
        if self.outline is None or self.doc is None or self.view is not self.page_view:
            return
        vp = self.page_view.viewport()
        offset = self.page_view.offset_at_pos(QPointF(vp.width() / 2, vp.height() * 0.4))
        self.outline.show_position(offset)

    def _toggle_paragraph_numbers(self, on: bool) -> None:
        self.page_view.show_paragraph_numbers = on
        self.page_view.viewport().update()

    def detect_structure_again(self) -> None:
        if self.doc is not None:
            self.detect_structure([self.doc.id])

    def detect_structure(self, document_ids: list[str]) -> StructureJob | None:
        """Detect the structure of these documents on a worker, with progress and Cancel."""
        if self.session is None or self.structure_job is not None:
            return None
        job = StructureJob(self.session.project.path, document_ids, self.worker.pdf_lock, self)
        dialog = QProgressDialog(
            "Finding the headings and numbered paragraphs…", "Cancel", 0, len(document_ids), self
        )
        dialog.setWindowTitle("Structure")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(lambda: setattr(job, "cancelled", True))

        def step(done: int, total: int, title: str) -> None:
            dialog.setValue(done)
            dialog.setLabelText(f"Finding the structure of {title} ({done + 1} of {total})…")

        def finished(done: int, message: str) -> None:
            dialog.reset()
            self.structure_job = None
            if message:
                self.statusBar().showMessage(message, 8000)
            else:
                self.statusBar().showMessage(f"Structure found in {done} document(s)", 5000)
            if self.session is not None:
                self._outline_changed(Changes.of(structure=document_ids))

        job.progress.connect(step)
        job.finished_with.connect(finished)
        self.structure_job = job
        job.start()
        return job
