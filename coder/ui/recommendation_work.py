"""The Recommendations panel's detection job, and the table helpers its tabs share. (Its
edits go through the app's one ``EditCommand``.)"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
)

from coder.errors import CoderError
from coder.project import documents
from coder.project.store import Project
from coder.recommendations import suggestions

ID_ROLE = Qt.ItemDataRole.UserRole
_MAX_COLUMN = 220  # pixels: a long addressee list wraps rather than crowding the text
ANY = "(any)"


# -- detection off the GUI thread --------------------------------------------------------------


class DetectJob(QThread):
    """Detection in every document, with its own connection to the project; each document
    is one transaction; its PyMuPDF calls (finding tables) run on the PDF worker, as all
    PyMuPDF calls do (``coder.pdf.thread``): holding the worker's lock here would stop it."""

    progressed = Signal(int, int, str)
    done = Signal(int)
    failed = Signal(str)

    def __init__(self, path: str, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.user = path, user
        self.cancelled = False

    def run(self) -> None:
        try:
            with Project.open(self.path, user=self.user, shared=True) as project:
                ids = [d.id for d in documents.list_documents(project)]
                found = 0
                for i, doc_id in enumerate(ids):
                    if self.cancelled:
                        break
                    title = documents.get_document(project, doc_id).title
                    self.progressed.emit(i, len(ids), title)
                    edit = suggestions.detect_document(project, doc_id)
                    found += len(edit.created(suggestions.SUGGESTION))
            self.done.emit(found)
        except CoderError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: one line for the user
            self.failed.emit(f"internal error ({type(exc).__name__}: {exc})")


# -- tables -------------------------------------------------------------------------------


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(False)
    return t


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]], wide: int) -> None:
    """Rows of (id, cells); column ``wide`` (the text) stretches. The rows selected before
    stay selected (by id) if they are still there: a reload (another window's write, a
    detection ending) does not take a person's selection away under their next click."""
    kept = set(_selected_ids(table))
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, row_id)
            item.setToolTip(value)
            table.setItem(r, c, item)
    # the short columns fit their contents (up to a limit); the text takes the rest
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        if c != wide and table.columnWidth(c) > _MAX_COLUMN:
            table.setColumnWidth(c, _MAX_COLUMN)
    table.horizontalHeader().setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
    _reselect(table, kept)


def _reselect(table: QTableWidget, ids: set[str]) -> None:
    if not ids:
        return
    model, selection = table.selectionModel(), QItemSelection()
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.data(ID_ROLE) in ids:
            first = table.model().index(r, 0)
            last = table.model().index(r, table.columnCount() - 1)
            selection.select(first, last)
    model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _selected_ids(table: QTableWidget) -> list[str]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    items = [table.item(r, 0) for r in rows]
    return [item.data(ID_ROLE) for item in items if item is not None]


class Detection:
    """A detection run for the panel: the job, its progress dialog with Cancel, and what
    happens when it ends (the panel reloads, or the message is shown)."""

    def __init__(self, panel) -> None:
        self.panel = panel
        self.job: DetectJob | None = None
        self.progress: QProgressDialog | None = None

    def start(self) -> None:
        if self.job is not None:
            return
        session = self.panel.session
        self.job = DetectJob(str(session.project.path), session.coder_name, self.panel)
        self.progress = QProgressDialog("Detecting recommendations…", "Cancel", 0, 0, self.panel)
        self.progress.setWindowTitle("Detect recommendations")
        self.progress.setMinimumDuration(500)
        self.progress.canceled.connect(self._cancel)
        self.job.progressed.connect(self._progressed)
        self.job.done.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _progressed(self, done: int, total: int, title: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Detecting recommendations in {title}…")

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancelled = True

    def _finish(self) -> None:
        if self.job is not None:
            self.job.wait()
            self.job.deleteLater()
            self.job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, found: int) -> None:
        self._finish()
        self.panel.detected(found)

    def _failed(self, message: str) -> None:
        self._finish()
        self.panel.session.failed.emit(message)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancelled = True
            self._finish()
