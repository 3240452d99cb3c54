"""The main window's outline: the Outline dock, paragraph numbers in the page margin, and
detecting the structure of documents that have none (a project from before structure
existed) on a worker with progress."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog

from coder.coding.structure import detect_document
from coder.errors import CoderError
from coder.project import documents
from coder.project.edit import Changes
from coder.project.store import Project
from coder.project.structure import stale_documents
from coder.structure.model import STRUCTURE_VERSION, Structure
from coder.ui.outline_panel import OutlinePanel
from coder.ui.screen_fit import roomy
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from coder.ui.main_window import MainWindow


class StructureJob(QThread):
    """Detects the structure of documents on its own connection, one transaction each;
    PyMuPDF (for fonts read again from a stored PDF) runs on the PDF worker, as always."""

    progress = Signal(int, int, str)  # done, total, title
    finished_with = Signal(int, str)  # documents detected, a one-line error or ''

    def __init__(
        self,
        path: str | Path,
        document_ids: list[str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.document_ids = document_ids
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
                    detect_document(project, doc_id)
                    done += 1
        except CoderError as exc:
            self.finished_with.emit(done, str(exc))
            return
        self.finished_with.emit(done, "")


class OutlineActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        #: the Outline panel of the open project
        self.outline: OutlinePanel | None = None
        #: detecting structure on a worker (at most one at a time)
        self.structure_job: StructureJob | None = None
        self.paragraph_numbers_act = self.action(
            "Show &paragraph numbers in the margin",
            self._toggle_paragraph_numbers,
            "Ctrl+Shift+P",
            checkable=True,
        )
        window.page_view.verticalScrollBar().valueChanged.connect(
            lambda _value: self._track_section()
        )

    def installed(self, session: ProjectSession) -> None:
        window = self.window
        self.outline = OutlinePanel(session)
        self.outline.headingActivated.connect(self.go_to_heading)
        self.outline.detectRequested.connect(self.detect_structure_again)
        window.outline_dock.setWidget(roomy(self.outline))
        window.outline_dock.setEnabled(True)
        if not session.read_only:
            stale = stale_documents(session.project, STRUCTURE_VERSION)
            if stale:
                self.detect_structure(stale)

    def closing(self) -> None:
        if self.structure_job is not None:  # it writes to the project being closed
            self.structure_job.cancelled = True
            self.structure_job.wait()
            self.structure_job = None
        self.outline = None

    def document_opened(self, document_id: str) -> None:
        if self.outline is not None:
            self.outline.show_document(document_id, self._structure_of(document_id))
            self._track_section()

    def changed(self, changes: Changes) -> None:
        if not changes.touches("structure"):
            return
        window = self.window
        if window.doc is not None:
            window.doc.reload_structure()
            window.view.viewport().update()
        if self.outline is not None:
            document_id = self.outline.document_id
            self.outline.show_document(document_id, self._structure_of(document_id))
            self._track_section()

    def _structure_of(self, document_id: str | None) -> Structure | None:
        """The open document's structure in force, read once for the page view and the
        Outline alike (None for another document: the Outline reads its own)."""
        doc = self.window.doc
        return doc.structure if doc is not None and doc.id == document_id else None

    def selection_changed(self) -> None:
        window = self.window
        if self.outline is not None:
            sel = window.view.selection() if window.doc is not None else None
            self.outline.selection_start = sel[0] if sel else None

    def go_to_heading(self, start: int, end: int) -> None:
        if self.window.doc is not None:
            self.window.view.reveal(start, end)

    def _track_section(self) -> None:
        """Select the current section's heading in the outline as the page scrolls: the
        section holding the text a little below a third of the way down the view (where
        going to a heading puts it)."""
        window = self.window
        if self.outline is None or window.doc is None or window.view is not window.page_view:
            return
        vp = window.page_view.viewport()
        offset = window.page_view.offset_at_pos(QPointF(vp.width() / 2, vp.height() * 0.4))
        self.outline.show_position(offset)

    def _toggle_paragraph_numbers(self, on: bool) -> None:
        self.window.page_view.show_paragraph_numbers = on
        self.window.page_view.viewport().update()

    def detect_structure_again(self) -> None:
        if self.window.doc is not None:
            self.detect_structure([self.window.doc.id])

    def detect_structure(self, document_ids: Sequence[str]) -> StructureJob | None:
        """Detect the structure of these documents on a worker, with progress and Cancel."""
        window = self.window
        if self.session is None or self.structure_job is not None:
            return None
        job = StructureJob(self.session.project.path, list(document_ids), window)
        dialog = QProgressDialog(
            "Finding the headings and numbered paragraphs…",
            "Cancel",
            0,
            len(document_ids),
            window,
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
                self.status(message, 8000)
            else:
                self.status(f"Structure found in {done} document(s)")
            if self.session is not None:
                self.changed(Changes.of(structure=document_ids))

        job.progress.connect(step)
        job.finished_with.connect(finished)
        self.structure_job = job
        job.start()
        return job
