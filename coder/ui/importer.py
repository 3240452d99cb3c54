"""Importing PDFs from the app: extraction on the PDF worker, one transaction per file on
this thread, a progress dialog with Cancel, and a list of failures at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from coder.coding.ingest import find_pdfs, store_extracted
from coder.errors import CoderError
from coder.project import documents


class ImportRun(QObject):
    finished = Signal(list, list, list)  # imported titles, duplicates, failures (path, reason)

    def __init__(self, session, worker, paths: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.session = session
        self.worker = worker
        self.files = find_pdfs(paths)
        self.imported: list[str] = []
        self.duplicates: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.done = 0
        self.progress = QProgressDialog(
            "Importing PDFs…", "Cancel", 0, max(1, len(self.files)), parent
        )
        self.progress.setWindowTitle("Import")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        known = documents.sha256s(session.project)
        worker.extracted.connect(self._extracted)
        worker.extract_failed.connect(self._failed)
        worker.extract_skipped.connect(self._skipped)
        worker.job_finished.connect(self._finished)
        self._connected = True
        self._stopped = False
        self.job = worker.import_files(self.files, known)

    def cancel(self) -> None:
        self.worker.cancel(self.job)

    def stop(self) -> None:
        """Cancel and stop listening: the project is closing under this import. A result
        already queued for this thread may still arrive; it is dropped."""
        self._stopped = True
        self.cancel()
        self._disconnect()
        self.progress.reset()
        self.progress.close()

    def _step(self, path: str) -> None:
        self.done += 1
        self.progress.setValue(self.done)
        self.progress.setLabelText(f"Imported {self.done} of {len(self.files)}: {Path(path).name}")

    def _extracted(self, job: int, path: str, doc) -> None:
        if job != self.job or self._stopped:
            return
        try:
            outcome = store_extracted(
                self.session.project, doc, self.session.coder_name, Path(path)
            )
        except CoderError as exc:
            self.failures.append((path, str(exc)))
        else:
            if outcome.status == "imported":
                self.imported.append(doc.title)
            else:
                self.duplicates.append(path)
        self._step(path)

    def _failed(self, job: int, path: str, reason: str) -> None:
        if job == self.job and not self._stopped:
            self.failures.append((path, reason))
            self._step(path)

    def _skipped(self, job: int, path: str, _sha: str) -> None:
        if job == self.job and not self._stopped:
            self.duplicates.append(path)
            self._step(path)

    def _disconnect(self) -> None:
        if not self._connected:
            return
        self._connected = False
        for signal, slot in (
            (self.worker.extracted, self._extracted),
            (self.worker.extract_failed, self._failed),
            (self.worker.extract_skipped, self._skipped),
            (self.worker.job_finished, self._finished),
        ):
            signal.disconnect(slot)

    def _finished(self, job: int) -> None:
        if job != self.job or self._stopped:
            return
        self._disconnect()
        self.progress.reset()
        self.progress.close()
        if self.failures:
            box = QMessageBox(self.window)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Import")
            box.setText(
                f"{len(self.imported)} imported, {len(self.duplicates)} already in the "
                f"project, {len(self.failures)} failed."
            )
            lines = [_failure_line(p, r) for p, r in self.failures]
            if len(lines) <= SAID_IN_FULL:  # a few: why, without Show Details…
                box.setInformativeText("\n".join(lines))
            box.setDetailedText("\n".join(lines))
            box.open()  # not exec(): never block the window
        self.finished.emit(self.imported, self.duplicates, self.failures)


#: up to this many failed files are named in the message itself, not only in its details
SAID_IN_FULL = 3


def _failure_line(path: str, reason: str) -> str:
    """One line per failed file, naming it once (most reasons name it already)."""
    name = Path(path).name
    return reason if reason.startswith(f"{name}: ") else f"{name}: {reason}"
