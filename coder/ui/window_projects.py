"""The main window's project actions: open, create, close, the demo, codebook files,
copies and backups, and importing PDFs (by menu and by drop); and where the reader was in
each project."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRunnable, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from coder.codebook.files import read_codebook, shipped_dir, write_codebook
from coder.coding.codebooks import project_codebook
from coder.demo.project import data_dir, ensure_demo
from coder.errors import CoderError
from coder.project import documents
from coder.project.backup import backup, copy_project
from coder.project.store import default_user
from coder.ui import commands, file_dialogs, settings
from coder.ui.importer import ImportRun
from coder.ui.new_project import NewProjectDialog
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class _Backup(QRunnable):
    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__()
        self.path, self.folder = path, folder

    def run(self) -> None:
        # A missed backup must not disturb the work; the project itself is safe.
        with contextlib.suppress(CoderError):
            backup(self.path, self.folder)


class ProjectActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        a = self.action
        self.new_act = a("&New project…", self.new_project, QKeySequence.StandardKey.New)
        self.open_act = a("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.demo_act = a("Open the &demo project", self.open_demo)
        self.import_act = a("&Import PDFs…", self.import_dialog, "Ctrl+I")
        self.load_codebook_act = a("&Load codebook…", self.load_codebook_dialog)
        self.export_codebook_act = a("&Export codebook…", self.export_codebook_dialog)
        self.copy_project_act = a("Save a &copy…", self.save_copy)
        self.close_act = a("&Close project", window.close_project, "Ctrl+W")
        self.quit_act = a("&Quit", window.close, "Ctrl+Q")
        self.recent_menu = QMenu()  # File → Open recent, placed by the menus
        #: PDFs being imported (None when none are)
        self.import_run: ImportRun | None = None
        self.new_dialog: NewProjectDialog | None = None

    def update_actions(self) -> None:
        has, writable = self.session is not None, self.window.writable()
        for act in (self.import_act, self.load_codebook_act):
            act.setEnabled(writable)
        for act in (self.copy_project_act, self.close_act):
            act.setEnabled(has)

    def ask_coder(self) -> str:
        name = settings.coder_name()
        while not name:
            name, ok = QInputDialog.getText(
                self.window,
                "Who is coding?",
                "Your name, as it will appear on your codings (asked once):",
            )
            if not ok:
                name = default_user()
            name = " ".join(name.split())
        settings.set_coder_name(name)
        return name

    def open_project(self, path: str | Path) -> bool:
        path = str(path)
        window = self.window
        try:
            session = ProjectSession.open(path, self.ask_coder())
        except CoderError as exc:
            QMessageBox.warning(window, "Cannot open project", str(exc))
            return False
        window.close_project()
        window.install(session)
        settings.add_recent(str(Path(path).resolve()))
        if not session.read_only:
            folder = data_dir() / "backups" / (session.project.meta("id") or "project")
            QThreadPool.globalInstance().start(_Backup(Path(path), folder))
        self._resume_reading()
        return True

    def _resume_reading(self) -> None:
        """Open the document the reader was in, at that page and zoom (else the first)."""
        window, session = self.window, self.session
        assert session is not None
        docs = documents.list_documents(session.project)
        if not docs:
            return
        last = settings.last_reading(session.project.path)
        known = {d.id for d in docs}
        if last is None or last[0] not in known:
            window.open_document(docs[0].id)
            return
        document_id, page, zoom = last
        if zoom is None:
            window.page_view.fit_mode = "width"
        else:
            window.page_view.set_scale(zoom)
        window.open_document(document_id)
        window.page_view.go_to_page(page)

        # again once the window has its final size (fitting the width may move the page)
        def again() -> None:
            if window.doc is not None and window.doc.id == document_id:
                window.page_view.go_to_page(page)

        QTimer.singleShot(0, again)

    def closing(self) -> None:
        window, session = self.window, self.session
        if session is not None and window.doc is not None:  # where the reader was
            view = window.page_view
            zoom = None if view.fit_mode == "width" else view.scale
            page = view.current_page() if window.doc.document.kind != "text" else 1
            settings.remember_reading(session.project.path, window.doc.id, page, zoom)
        if self.import_run is not None:  # files not yet stored are not imported
            self.import_run.stop()
            self.import_run = None

    def reopen_last(self) -> bool:
        """Open the project that was open when the app last closed, if any."""
        path = settings.last_project()
        return self.open_project(path) if path else False

    def open_demo(self) -> None:
        window = self.window
        self.status("Preparing the demo project…", 0)
        path = ensure_demo()  # its PDFs are made on the PDF worker (coder.pdf.thread)
        self.open_project(path)
        window.statusBar().clearMessage()

    def new_project(self) -> None:
        dialog = NewProjectDialog(self.window)
        dialog.coder_name = self.ask_coder()
        self.new_dialog = dialog
        if dialog.exec() and dialog.created is not None:
            self.open_project(dialog.created)

    def load_codebook_dialog(self) -> None:
        if not self.window.writable():
            return
        path, _ = file_dialogs.getOpenFileName(
            self.window, "Load codebook", str(shipped_dir()), "Codebooks (*.yaml *.yml *.qdc)"
        )
        if path:
            self.load_codebook(Path(path))

    def load_codebook(self, path: Path) -> bool:
        session = self.session
        if session is None:
            return False
        try:
            book = read_codebook(path)
        except CoderError as exc:
            QMessageBox.warning(self.window, "Load codebook", str(exc))
            return False
        command = commands.load_codebook_command(session, book)
        if not session.push(command):
            return False
        self.status(command.result.summary(), 10000)
        return True

    def export_codebook_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self.window,
            "Export codebook",
            str(Path.home()),
            "REFI-QDA codebook (*.qdc);;YAML codebook (*.yaml)",
        )
        if path:
            try:
                write_codebook(project_codebook(self.session.project), Path(path))
            except CoderError as exc:
                QMessageBox.warning(self.window, "Export codebook", str(exc))

    def open_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(
            self.window, "Open project", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        if path:
            self.open_project(path)

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_projects():
            self.recent_menu.addAction(path, self._opener(path))

    def _opener(self, path: str) -> Callable[[], bool]:
        """A slot that opens ``path`` (and takes no ``checked``)."""
        return lambda: self.open_project(path)

    def save_copy(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self.window, "Save a copy", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        if path:
            try:
                copy_project(self.session.project.path, Path(path))
                self.status(f"Saved a copy as {path}", 8000)
            except CoderError as exc:
                QMessageBox.warning(self.window, "Save a copy", str(exc))

    def import_dialog(self) -> None:
        paths, _ = file_dialogs.getOpenFileNames(
            self.window, "Import PDFs", str(Path.home()), "PDF files (*.pdf)"
        )
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> ImportRun | None:
        session = self.session
        if session is None or session.read_only:
            return None
        run = ImportRun(session, self.window.worker, paths, self.window)
        run.finished.connect(self.import_finished)
        self.import_run = run
        return run

    def import_finished(self, imported: list, duplicates: list, failures: list) -> None:
        window = self.window
        self.import_run = None
        self.status(
            f"{len(imported)} imported, {len(duplicates)} already there, {len(failures)} failed",
            10000,
        )
        if window.documents:
            window.documents.reload()
        if window.history:
            window.history.reload()
        if window.doc is None and window.session:
            docs = documents.list_documents(window.session.project)
            if docs:
                window.open_document(docs[0].id)

    def dropped(self, paths: list[str]) -> None:
        """Files dropped on the window: a project opens, PDFs are imported."""
        projects = [p for p in paths if p.endswith(".rcproj")]
        if projects:
            self.open_project(projects[0])
        elif paths:
            self.import_paths(paths)
