"""The main window's project actions: open, create, close, the demo, codebook files,
copies and backups, and importing PDFs. A mixin of ``MainWindow``."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QRunnable, QThreadPool, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from coder.codebook.files import read_codebook, shipped_dir, write_codebook
from coder.coding.codebooks import project_codebook
from coder.demo.project import data_dir, ensure_demo
from coder.errors import CoderError
from coder.project import documents
from coder.project.backup import backup, copy_project
from coder.project.store import default_user
from coder.ui import commands, file_dialogs, settings
from coder.ui.code_editor import CodeEditor
from coder.ui.codebook_panel import CodebookPanel
from coder.ui.importer import ImportRun
from coder.ui.memo_panel import MemoPanel
from coder.ui.new_project import NewProjectDialog
from coder.ui.panels import DocumentsPanel, ExcerptsPanel, HistoryPanel
from coder.ui.review_panel import ReviewPanel
from coder.ui.screen_fit import roomy
from coder.ui.search_panel import SearchPanel
from coder.ui.session import ProjectSession


class _Backup(QRunnable):
    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__()
        self.path, self.folder = path, folder

    def run(self) -> None:
        # A missed backup must not disturb the work; the project itself is safe.
        with contextlib.suppress(CoderError):
            backup(self.path, self.folder)


class ProjectActions:
    def ask_coder(self) -> str:
        name = settings.coder_name()
        while not name:
            name, ok = QInputDialog.getText(
                self, "Who is coding?", "Your name, as it will appear on your codings (asked once):"
            )
            if not ok:
                name = default_user()
            name = " ".join(name.split())
        settings.set_coder_name(name)
        return name

    def open_project(self, path: str | Path) -> bool:
        path = str(path)
        try:
            session = ProjectSession.open(path, self.ask_coder())
        except CoderError as exc:
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return False
        self.close_project()
        self._install(session)
        settings.add_recent(str(Path(path).resolve()))
        if not session.read_only:
            folder = data_dir() / "backups" / (session.project.meta("id") or "project")
            QThreadPool.globalInstance().start(_Backup(Path(path), folder))
        self._resume_reading()
        return True

    def _resume_reading(self) -> None:
        """Open the document the reader was in, at that page and zoom (else the first)."""
        assert self.session is not None
        docs = documents.list_documents(self.session.project)
        if not docs:
            return
        last = settings.last_reading(self.session.project.path)
        known = {d.id for d in docs}
        if last is None or last[0] not in known:
            self.open_document(docs[0].id)
            return
        document_id, page, zoom = last
        if zoom is None:
            self.page_view.fit_mode = "width"
        else:
            self.page_view.set_scale(zoom)
        self.open_document(document_id)
        self.page_view.go_to_page(page)
        # again once the window has its final size (fitting the width may move the page)
        QTimer.singleShot(
            0, lambda: self.doc and self.doc.id == document_id and self.page_view.go_to_page(page)
        )

    def _remember_reading(self) -> None:
        if self.session is not None and self.doc is not None:
            view = self.page_view
            zoom = None if view.fit_mode == "width" else view.scale
            page = view.current_page() if self.doc.document.kind != "text" else 1
            settings.remember_reading(self.session.project.path, self.doc.id, page, zoom)

    def reopen_last(self) -> bool:
        """Open the project that was open when the app last closed, if any."""
        path = settings.last_project()
        return self.open_project(path) if path else False

    def _install(self, session: ProjectSession) -> None:
        self.session = session
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._on_reloaded)
        session.failed.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        session.recentChanged.connect(self._update_key_legend)
        session.undo_stack.indexChanged.connect(lambda _: self._update_actions())
        self.documents = DocumentsPanel(session)
        self.documents.documentActivated.connect(self.open_document)
        self.documents.statusRequested.connect(lambda d, s: self.mark_status(s, d))
        self.codebook = CodebookPanel(session)
        self.codebook.codeActivated.connect(self.apply_code)
        self.codebook.currentCodeChanged.connect(self._show_excerpts)
        self.codebook.describeRequested.connect(self.describe_code)
        self.excerpts = ExcerptsPanel(session)
        self.excerpts.excerptActivated.connect(self.go_to_excerpt)
        self.history = HistoryPanel(session)
        self.history.reload()
        self.code_editor = CodeEditor(session)
        self.review_panel = ReviewPanel(session)
        self.memos = MemoPanel(session)
        self.search = SearchPanel(session)
        self.search.hitActivated.connect(self.go_to_hit)
        self.search.codeAllRequested.connect(lambda: self.code_all_hits())
        self.codebook.currentCodeChanged.connect(self.code_editor.show_code)
        self.codebook.currentCodeChanged.connect(lambda c: self.memos.set_target("code", c))
        self.page_view.codingClicked.connect(lambda c: self.memos.set_target("coding", c))
        self.text_view.codingClicked.connect(lambda c: self.memos.set_target("coding", c))
        for dock, panel in (
            (self.documents_dock, self.documents),
            (self.codebook_dock, self.codebook),
            (self.excerpts_dock, self.excerpts),
            (self.history_dock, self.history),
            (self.code_dock, self.code_editor),
            (self.review_dock, self.review_panel),
            (self.memo_dock, self.memos),
            (self.search_dock, self.search),
        ):
            dock.setWidget(roomy(panel))
            dock.setEnabled(True)
        self._install_outline(session)
        self._install_casedata(session)
        name = session.project.meta("name") or Path(session.project.path).stem
        self.setWindowTitle(f"{name} — Review Coder")
        if session.read_only:
            self.banner.setText(
                f"Read-only: {session.lock_message or 'opened read-only'}. "
                "You can read and export; changes are off."
            )
            self.banner.show()
            self.saved_label.setText("Read-only")
        else:
            self.banner.hide()
            self.saved_label.setText("Every change is saved as you make it")
        self.stack.setCurrentIndex(1)
        self.hidden_coders = set()
        self._adopt_copy_coder()
        self._update_coder_label()
        self._update_actions()

    def close_project(self) -> None:
        if self.session is None:
            return
        self._remember_reading()
        if self.analysis is not None:  # it reads the project being closed
            self.analysis.close()
            self.analysis = None
        self.close_briefings()
        if self.structure_job is not None:  # it writes to the project being closed
            self.structure_job.cancelled = True
            self.structure_job.wait()
            self.structure_job = None
        if self.import_run is not None:  # files not yet stored are not imported
            self.import_run.stop()
            self.import_run = None
        self.page_view.set_document(None)
        self.page_view.cache.clear()
        self.text_view.set_document(None)
        self.doc = None
        for view in (self.page_view, self.text_view):
            with contextlib.suppress(RuntimeError, TypeError):  # nothing was connected
                view.codingClicked.disconnect()
        for dock in self._docks():
            old = dock.widget()
            dock.setWidget(QWidget())
            if old is not None:
                old.deleteLater()
        self.outline = None
        self.casedata_panel = None
        self.session.close()
        self.session = None
        self._update_key_legend()
        self.setWindowTitle("Review Coder")
        self.banner.hide()
        self._show_start()

    def open_demo(self) -> None:
        self.statusBar().showMessage("Preparing the demo project…")
        with self.worker.pdf_lock:  # building it uses PyMuPDF: never beside the worker
            path = ensure_demo()
        self.open_project(path)
        self.statusBar().clearMessage()

    def new_project(self) -> None:
        dialog = NewProjectDialog(self)
        dialog.coder_name = self.ask_coder()
        self.new_dialog = dialog
        if dialog.exec() and dialog.created is not None:
            self.open_project(dialog.created)

    def load_codebook_dialog(self) -> None:
        if self.session is None or self.session.read_only:
            return
        path, _ = file_dialogs.getOpenFileName(
            self, "Load codebook", str(shipped_dir()), "Codebooks (*.yaml *.yml *.qdc)"
        )
        if path:
            self.load_codebook(Path(path))

    def load_codebook(self, path: Path) -> bool:
        try:
            book = read_codebook(path)
        except CoderError as exc:
            QMessageBox.warning(self, "Load codebook", str(exc))
            return False
        command = commands.load_codebook_command(self.session, book)
        if not self.session.push(command):
            return False
        self.statusBar().showMessage(command.result.summary(), 10000)
        return True

    def export_codebook_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self,
            "Export codebook",
            str(Path.home()),
            "REFI-QDA codebook (*.qdc);;YAML codebook (*.yaml)",
        )
        if path:
            try:
                write_codebook(project_codebook(self.session.project), Path(path))
            except CoderError as exc:
                QMessageBox.warning(self, "Export codebook", str(exc))

    def open_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(
            self, "Open project", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        if path:
            self.open_project(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_projects():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))

    def save_copy(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self, "Save a copy", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        if path:
            try:
                copy_project(self.session.project.path, Path(path))
                self.statusBar().showMessage(f"Saved a copy as {path}", 8000)
            except CoderError as exc:
                QMessageBox.warning(self, "Save a copy", str(exc))

    def import_dialog(self) -> None:
        paths, _ = file_dialogs.getOpenFileNames(
            self, "Import PDFs", str(Path.home()), "PDF files (*.pdf)"
        )
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> ImportRun | None:
        if self.session is None or self.session.read_only:
            return None
        run = ImportRun(self.session, self.worker, paths, self)
        run.finished.connect(self._import_finished)
        self.import_run = run
        return run

    def _import_finished(self, imported: list, duplicates: list, failures: list) -> None:
        self.import_run = None
        self.statusBar().showMessage(
            f"{len(imported)} imported, {len(duplicates)} already there, {len(failures)} failed",
            10000,
        )
        if self.documents:
            self.documents.reload()
        if self.history:
            self.history.reload()
        if self.doc is None and self.session:
            docs = documents.list_documents(self.session.project)
            if docs:
                self.open_document(docs[0].id)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        projects = [p for p in paths if p.endswith(".rcproj")]
        if projects:
            self.open_project(projects[0])
        elif paths:
            self.import_paths(paths)
        event.acceptProposedAction()
