"""The main window: documents, page view and codebook side by side, with excerpts and
history below. It wires panels to the session; the panels and commands do the work."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coder import __version__
from coder.analysis.excerpts import Excerpt
from coder.analysis.pool import Pool
from coder.analysis.tables import write_table
from coder.codebook.files import read_codebook, shipped_dir, write_codebook
from coder.coding.changes import ChangeSet
from coder.coding.codebooks import project_codebook
from coder.demo.project import data_dir, ensure_demo
from coder.errors import CoderError
from coder.project import codings as coding_repo
from coder.project import documents
from coder.project.backup import backup, copy_project
from coder.project.store import default_user
from coder.text.matcher import matches, phrase_query
from coder.ui import commands, settings
from coder.ui.analysis_view import AnalysisDialog
from coder.ui.code_editor import CodeEditor
from coder.ui.codebook_panel import CodebookPanel
from coder.ui.document_data import DocumentData
from coder.ui.importer import ImportRun
from coder.ui.memo_panel import MemoPanel
from coder.ui.new_project import NewProjectDialog
from coder.ui.page_view import PageView
from coder.ui.panels import DocumentsPanel, ExcerptsPanel, HistoryPanel
from coder.ui.pdf_worker import PdfWorker
from coder.ui.quick_code import QuickCodeDialog
from coder.ui.review_panel import ReviewPanel
from coder.ui.search_panel import SearchPanel
from coder.ui.session import ProjectSession

SOURCE_URL = "https://example.invalid/review-coder"


class _Backup(QRunnable):
    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__()
        self.path, self.folder = path, folder

    def run(self) -> None:
        # A missed backup must not disturb the work; the project itself is safe.
        with contextlib.suppress(CoderError):
            backup(self.path, self.folder)


class StartPage(QWidget):
    """What the window shows with no project open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel(
            "<h2>Review Coder</h2><p>Code published case reviews for police learning.</p>"
        )
        demo = QPushButton("Open the demo project")
        new = QPushButton("New project…")
        open_ = QPushButton("Open…")
        demo.clicked.connect(window.open_demo)
        new.clicked.connect(window.new_project)
        open_.clicked.connect(window.open_dialog)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent projects")
        self.recent.itemActivated.connect(lambda item: window.open_project(item.text()))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        for b in (demo, new, open_):
            b.setMinimumWidth(240)
            layout.addWidget(b, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel("Recent projects:"))
        layout.addWidget(self.recent)
        layout.addStretch(2)

    def refresh(self) -> None:
        self.recent.clear()
        self.recent.addItems(settings.recent_projects())


class MainWindow(QMainWindow):
    def __init__(self, worker: PdfWorker | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Review Coder")
        self.setAcceptDrops(True)
        self.worker = worker or PdfWorker(self)
        if not self.worker.isRunning():
            self.worker.start()
        self.session: ProjectSession | None = None
        self.doc: DocumentData | None = None
        self.import_run: ImportRun | None = None
        self.page_view = PageView(self.worker)
        self.page_view.selectionChanged.connect(self._selection_changed)
        self.page_view.codeDropped.connect(self.apply_code)
        self.page_view.pageChanged.connect(self._page_changed)
        self.page_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.page_view.customContextMenuRequested.connect(self._page_menu)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px;")
        self.banner.hide()
        self.find_edit = QLineEdit(placeholderText="Find in document (Enter: next)")
        self.find_edit.setAccessibleName("Find in document")
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_label = QLabel()
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_edit)
        find_row.addWidget(self.find_label)
        self.find_bar = QWidget()
        self.find_bar.setLayout(find_row)
        self.find_bar.hide()
        work = QWidget()
        wl = QVBoxLayout(work)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        wl.addWidget(self.banner)
        wl.addWidget(self.find_bar)
        wl.addWidget(self.page_view)
        self.start_page = StartPage(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(work)
        self.setCentralWidget(self.stack)
        self.documents_dock = self._dock("Documents", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.codebook_dock = self._dock("Codebook", Qt.DockWidgetArea.RightDockWidgetArea)
        self.excerpts_dock = self._dock("Coded excerpts", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.history_dock = self._dock("History", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.code_dock = self._dock("Code definition", Qt.DockWidgetArea.RightDockWidgetArea)
        self.review_dock = self._dock("Review", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.memo_dock = self._dock("Memos", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.search_dock = self._dock("Search", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.excerpts_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.memo_dock)
        self.tabifyDockWidget(self.memo_dock, self.search_dock)
        self.tabifyDockWidget(self.codebook_dock, self.code_dock)
        self.tabifyDockWidget(self.documents_dock, self.review_dock)
        self.excerpts_dock.raise_()
        self.codebook_dock.raise_()
        self.documents_dock.raise_()
        self.documents: DocumentsPanel | None = None
        self.codebook: CodebookPanel | None = None
        self.excerpts: ExcerptsPanel | None = None
        self.history: HistoryPanel | None = None
        self.code_editor: CodeEditor | None = None
        self.review_panel: ReviewPanel | None = None
        self.memos: MemoPanel | None = None
        self.search: SearchPanel | None = None
        self.analysis: AnalysisDialog | None = None
        self.coder_label = QLabel()
        self.saved_label = QLabel("Every change is saved as you make it")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.coder_label)
        self._make_actions()
        self._make_menus()
        self._restore_layout()
        self._show_start()

    # -- building -----------------------------------------------------------------------

    def _dock(self, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.new_act = a("&New project…", self.new_project, QKeySequence.StandardKey.New)
        self.open_act = a("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.demo_act = a("Open the &demo project", self.open_demo)
        self.import_act = a("&Import PDFs…", self.import_dialog, "Ctrl+I")
        self.load_codebook_act = a("&Load codebook…", self.load_codebook_dialog)
        self.export_codebook_act = a("&Export codebook…", self.export_codebook_dialog)
        self.copy_project_act = a("Save a &copy…", self.save_copy)
        self.close_act = a("&Close project", self.close_project, QKeySequence.StandardKey.Close)
        self.quit_act = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_act = a("&Undo", lambda: self._undo(True), QKeySequence.StandardKey.Undo)
        self.redo_act = a("&Redo", lambda: self._undo(False), "Ctrl+Shift+Z")
        self.copy_act = a("&Copy", self.page_view.copy, QKeySequence.StandardKey.Copy)
        self.find_act = a("&Find…", self.show_find, QKeySequence.StandardKey.Find)
        self.coder_act = a("Change &coder…", self.change_coder)
        self.quick_act = a("&Quick code…", self.quick_code, "Ctrl+K")
        self.apply_act = a("Code with the &selected code", self.apply_current_code, "Ctrl+Return")
        self.area_act = a("&Area selection", self._toggle_area, "Ctrl+Shift+A", checkable=True)
        self.supports_act = a(
            "Effect: &supports practice", lambda: self.set_effect("supports"), "Ctrl+Shift+S"
        )
        self.hinders_act = a(
            "Effect: &hinders practice", lambda: self.set_effect("hinders"), "Ctrl+Shift+H"
        )
        self.no_effect_act = a("Effect: &none", lambda: self.set_effect(None))
        self.memo_act = a("Add &memo to coding…", self.add_memo, "Ctrl+M")
        self.delete_coding_act = a("&Delete coding", self.delete_coding, "Ctrl+Backspace")
        self.zoom_in_act = a("Zoom &in", self.page_view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_act.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_act = a("Zoom &out", self.page_view.zoom_out, "Ctrl+-")
        self.fit_width_act = a("Fit &width", self.page_view.fit_width, "Ctrl+0")
        self.fit_page_act = a("Fit &page", self.page_view.fit_page, "Ctrl+9")
        self.about_act = a("&About Review Coder", self.about)
        self.analysis_act = a("&Analysis views…", self.show_analysis, "F9")
        self.search_all_act = a("&Search all documents", self.show_search, "Ctrl+Shift+F")
        self.report_act = a("&Theme report for the selected code…", self.report_dialog)
        self.export_act = a("&Export coded data…", self.export_dialog)
        for n in range(1, 10):  # number keys apply the recently used codes
            shortcut = QShortcut(QKeySequence(str(n)), self.page_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda n=n: self.apply_recent(n))

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        for act in (self.new_act, self.open_act, self.demo_act):
            file.addAction(act)
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self.import_act)
        file.addAction(self.load_codebook_act)
        file.addAction(self.export_codebook_act)
        file.addAction(self.copy_project_act)
        file.addSeparator()
        file.addAction(self.close_act)
        file.addAction(self.quit_act)
        edit = bar.addMenu("&Edit")
        for act in (
            self.undo_act,
            self.redo_act,
            None,
            self.copy_act,
            self.find_act,
            None,
            self.coder_act,
        ):
            edit.addSeparator() if act is None else edit.addAction(act)
        code = bar.addMenu("&Code")
        for act in (
            self.quick_act,
            self.apply_act,
            self.area_act,
            None,
            self.supports_act,
            self.hinders_act,
            self.no_effect_act,
            self.memo_act,
            self.delete_coding_act,
        ):
            code.addSeparator() if act is None else code.addAction(act)
        view = bar.addMenu("&View")
        for act in (self.zoom_in_act, self.zoom_out_act, self.fit_width_act, self.fit_page_act):
            view.addAction(act)
        view.addSeparator()
        for dock in self._docks():
            view.addAction(dock.toggleViewAction())
        analysis = bar.addMenu("&Analysis")
        for act in (self.analysis_act, self.search_all_act, self.report_act, self.export_act):
            analysis.addAction(act)
        bar.addMenu("&Help").addAction(self.about_act)
        tools = QToolBar("Tools")
        tools.setObjectName("Tools")
        for act in (self.zoom_out_act, self.zoom_in_act, self.fit_width_act, self.fit_page_act):
            tools.addAction(act)
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self.page_view.go_to_page)
        self.page_count_label = QLabel()
        tools.addWidget(QLabel(" Page "))
        tools.addWidget(self.page_box)
        tools.addWidget(self.page_count_label)
        tools.addSeparator()
        for act in (self.area_act, self.quick_act, self.supports_act, self.hinders_act):
            tools.addAction(act)
        self.addToolBar(tools)

    def _restore_layout(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        if state is not None:
            self.restoreState(state)
        else:  # first run: give the page most of the room
            horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
            self.resizeDocks([self.documents_dock, self.codebook_dock], [250, 300], horizontal)
            self.resizeDocks([self.excerpts_dock], [220], vertical)

    # -- projects ------------------------------------------------------------------------

    def _docks(self) -> tuple[QDockWidget, ...]:
        return (
            self.documents_dock,
            self.codebook_dock,
            self.excerpts_dock,
            self.history_dock,
            self.code_dock,
            self.review_dock,
            self.memo_dock,
            self.search_dock,
        )

    def _show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentIndex(0)
        for dock in self._docks():
            dock.setEnabled(False)
        self._update_actions()

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
        docs = documents.list_documents(session.project)
        if docs:
            self.open_document(docs[0].id)
        return True

    def _install(self, session: ProjectSession) -> None:
        self.session = session
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._on_reloaded)
        session.failed.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        session.undo_stack.indexChanged.connect(lambda _: self._update_actions())
        self.documents = DocumentsPanel(session)
        self.documents.documentActivated.connect(self.open_document)
        self.codebook = CodebookPanel(session)
        self.codebook.codeActivated.connect(self.apply_code)
        self.codebook.currentCodeChanged.connect(self._show_excerpts)
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
            dock.setWidget(panel)
            dock.setEnabled(True)
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
        self._update_coder_label()
        self._update_actions()

    def close_project(self) -> None:
        if self.session is None:
            return
        self.page_view.set_document(None)
        self.page_view.cache.clear()
        self.doc = None
        with contextlib.suppress(RuntimeError, TypeError):  # nothing was connected
            self.page_view.codingClicked.disconnect()
        for dock in self._docks():
            old = dock.widget()
            dock.setWidget(QWidget())
            if old is not None:
                old.deleteLater()
        self.session.close()
        self.session = None
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
        path, _ = QFileDialog.getOpenFileName(
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
        command = commands.LoadCodebookCommand(self.session, book)
        if not self.session.push(command):
            return False
        self.statusBar().showMessage(command.report.summary(), 10000)
        return True

    def export_codebook_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(
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
        path, _ = QFileDialog.getOpenFileName(
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
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        if path:
            try:
                copy_project(self.session.project.path, Path(path))
                self.statusBar().showMessage(f"Saved a copy as {path}", 8000)
            except CoderError as exc:
                QMessageBox.warning(self, "Save a copy", str(exc))

    # -- documents -------------------------------------------------------------------------

    def open_document(self, document_id: str) -> None:
        if self.session is None:
            return
        project = self.session.project
        self.doc = DocumentData(project, document_id)
        self.page_view.set_document(self.doc, documents.document_pdf(project, document_id))
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, len(self.doc.pages)))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_count_label.setText(f" of {len(self.doc.pages)} ")
        if self.review_panel:
            self.review_panel.show_document(document_id)
        if self.memos:
            self.memos.set_target("document", document_id)
        self._update_actions()

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)

    def go_to_excerpt(self, excerpt: Excerpt) -> None:
        if self.doc is None or self.doc.id != excerpt.document_id:
            self.open_document(excerpt.document_id)
        assert self.doc is not None
        coding = next((c for c in self.doc.codings if c.id == excerpt.coding_id), None)
        if coding is not None:
            self.page_view.reveal_coding(coding)
            self.page_view.setFocus()

    # -- coding ------------------------------------------------------------------------------

    def apply_code(self, code_id: str) -> bool:
        """Code the current text or area selection with ``code_id``."""
        if self.session is None or self.doc is None:
            return False
        if self.session.read_only:
            self.statusBar().showMessage("The project is open read-only", 5000)
            return False
        name = self.codebook.path_of(code_id) if self.codebook else code_id
        sel = self.page_view.selection()
        area = self.page_view.area_selection()
        if sel is not None:
            command = commands.code_text_command(
                self.session, self.doc.id, code_id, sel[0], sel[1], name
            )
        elif area is not None:
            command = commands.code_area_command(
                self.session, self.doc.id, code_id, area.page, area.rect, name
            )
        else:
            self.statusBar().showMessage("Select some text (or an area) first", 5000)
            return False
        ok = self.session.push(command)
        if ok:
            self.session.note_code_used(code_id)
            self.statusBar().showMessage(f"Coded with {name}", 4000)
        return ok

    def apply_current_code(self) -> None:
        code_id = self.codebook.current_code() if self.codebook else None
        if code_id:
            self.apply_code(code_id)

    def apply_recent(self, n: int) -> None:
        if self.session and len(self.session.recent_codes) >= n:
            self.apply_code(self.session.recent_codes[n - 1])

    def quick_code(self) -> str | None:
        if self.session is None or self.codebook is None:
            return None
        paths = {c: self.codebook.path_of(c) for c in self.codebook.model.code_ids()}
        dialog = QuickCodeDialog(paths, self.session.recent_codes, self)
        self.quick_dialog = dialog
        if dialog.exec() and dialog.chosen:
            self.apply_code(dialog.chosen)
            return dialog.chosen
        return None

    def _selected_coding_ids(self) -> list[str]:
        return [self.page_view.selected_coding] if self.page_view.selected_coding else []

    def set_effect(self, effect: str | None) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.set_effect_command(self.session, ids, effect))

    def add_memo(self, text: str | None = None) -> None:
        ids = self._selected_coding_ids()
        if not (self.session and ids):
            self.statusBar().showMessage("Click a coding first", 5000)
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, "Memo", "Memo on this coding:")
            if not ok or not text.strip():
                return
        self.session.push(commands.AddMemoCommand(self.session, "coding", ids[0], text))

    def delete_coding(self) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.delete_codings_command(self.session, ids))

    def _toggle_area(self, on: bool) -> None:
        self.page_view.area_mode = on

    def _page_menu(self, pos) -> None:
        found = self.page_view.codings_at(pos)
        menu = QMenu(self)
        if found:
            self.page_view.selected_coding = found[0].id
            self.page_view.viewport().update()
            for act in (
                self.supports_act,
                self.hinders_act,
                self.no_effect_act,
                self.memo_act,
                self.delete_coding_act,
            ):
                menu.addAction(act)
            menu.addSeparator()
        menu.addAction(self.copy_act)
        menu.addAction(self.quick_act)
        menu.exec(self.page_view.viewport().mapToGlobal(pos))

    def _undo(self, undo: bool) -> None:
        if self.session:
            (self.session.undo_stack.undo if undo else self.session.undo_stack.redo)()

    # -- find ------------------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> None:
        if self.doc is None:
            return
        text = self.find_edit.text()
        view = self.page_view
        if not text.strip():
            view.search_hits, view.current_hit = [], -1
            self.find_label.setText("")
            view.viewport().update()
            return
        hits = list(matches(phrase_query(text), self.doc.text))
        if hits != view.search_hits:
            view.search_hits, view.current_hit = hits, -1
        if not hits:
            self.find_label.setText("no matches")
            view.viewport().update()
            return
        view.current_hit = (view.current_hit + 1) % len(hits)
        self.find_label.setText(f"{view.current_hit + 1} of {len(hits)}")
        view.reveal(*hits[view.current_hit], flash=False)

    # -- refreshing ------------------------------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.code_editor and changes.touches("code"):
            self.code_editor.reload()
        if self.review_panel and (changes.touches("review") or changes.touches("attribute")):
            self.review_panel.reload()
            if self.documents:
                self.documents.reload()
        if self.memos:
            self.memos.reload()
        if changes.touches("code") or changes.touches("coding") or changes.touches("memo"):
            if self.codebook:
                self.codebook.reload()
            self.page_view.refresh_codings()
            if self.excerpts:
                self.excerpts.reload()
            if self.documents:
                self.documents.reload()
        if self.history:
            self.history.reload()
        self._update_coder_label()
        self._update_actions()

    def _on_reloaded(self) -> None:
        if self.documents:
            self.documents.reload()
        self._on_changed(ChangeSet(updated={"code": [], "coding": []}))

    def _show_excerpts(self, code_id: str) -> None:
        if self.excerpts and self.codebook:
            self.excerpts.show_code(code_id, self.codebook.path_of(code_id))

    def _selection_changed(self) -> None:
        self._update_actions()

    def _update_coder_label(self) -> None:
        if self.session:
            self.coder_label.setText(f"Coder: {self.session.coder_name}")
        else:
            self.coder_label.setText("")

    def _update_actions(self) -> None:
        has = self.session is not None
        writable = has and not self.session.read_only
        for act in (
            self.import_act,
            self.load_codebook_act,
            self.quick_act,
            self.apply_act,
            self.supports_act,
            self.hinders_act,
            self.no_effect_act,
            self.memo_act,
            self.delete_coding_act,
        ):
            act.setEnabled(writable)
        for act in (self.copy_project_act, self.close_act, self.find_act, self.coder_act):
            act.setEnabled(has)
        stack = self.session.undo_stack if has else None
        self.undo_act.setEnabled(bool(stack and stack.canUndo()))
        self.redo_act.setEnabled(bool(stack and stack.canRedo()))
        self.undo_act.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_act.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")

    def change_coder(self, name: str | None = None) -> None:
        if self.session is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(
                self, "Change coder", "Coder name:", text=self.session.coder_name
            )
            if not ok:
                return
        name = " ".join(name.split())
        if name:
            settings.set_coder_name(name)
            self.session.set_coder_name(name)

    # -- import by menu and by drop ----------------------------------------------------------

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
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

    # -- analysis, search, reports, exports -----------------------------------------------

    def show_analysis(self) -> AnalysisDialog | None:
        if self.session is None:
            return None
        self.analysis = AnalysisDialog(self.session, self)
        self.analysis.excerptActivated.connect(self.go_to_coding)
        self.analysis.show()
        return self.analysis

    def go_to_coding(self, document_id: str, coding_id: str) -> None:
        if self.doc is None or self.doc.id != document_id:
            self.open_document(document_id)
        assert self.doc is not None
        coding = next((c for c in self.doc.codings if c.id == coding_id), None)
        if coding is not None:
            self.page_view.reveal_coding(coding)

    def show_search(self) -> None:
        if self.search is not None:
            self.search_dock.show()
            self.search_dock.raise_()
            self.search.edit.setFocus()

    def go_to_hit(self, hit) -> None:
        if self.doc is None or self.doc.id != hit.document_id:
            self.open_document(hit.document_id)
        self.page_view.select_range(hit.start, hit.end)
        self.page_view.reveal(hit.start, hit.end)

    def code_all_hits(self, code_id: str | None = None, confirm: bool = True) -> bool:
        """Code every hit of the search panel with a code (chosen with the quick-code box
        unless given), after saying how many hits in how many documents."""
        if self.session is None or self.search is None or not self.search.hits:
            return False
        if code_id is None:
            paths = {c: self.codebook.path_of(c) for c in self.codebook.model.code_ids()}
            dialog = QuickCodeDialog(paths, self.session.recent_codes, self)
            if not dialog.exec() or not dialog.chosen:
                return False
            code_id = dialog.chosen
        hits = self.search.hits
        found: dict[str, list[tuple[int, int]]] = {}
        for h in hits:
            found.setdefault(h.document_id, []).append((h.start, h.end))
        name = self.codebook.path_of(code_id)
        if (
            confirm
            and QMessageBox.question(
                self,
                "Code all hits",
                f"Code {len(hits)} hits in {len(found)} documents with '{name}'? "
                "(Edit → Undo takes it back.)",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        return self.session.push(commands.code_hits_command(self.session, code_id, found, name))

    def report_dialog(self) -> None:
        code_id = self.codebook.current_code() if self.codebook else None
        if self.session is None or code_id is None:
            self.statusBar().showMessage("Select a code in the codebook first", 5000)
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Theme report", str(Path.home()), "Web page (*.html);;PDF document (*.pdf)"
        )
        if path:
            self.write_report(code_id, Path(path))

    def write_report(self, code_id: str, path: Path) -> int:
        from coder.analysis.report import write_report

        try:
            n = write_report(Pool([self.session.project]), self.codebook.path_of(code_id), path)
        except CoderError as exc:
            QMessageBox.warning(self, "Theme report", str(exc))
            return 0
        self.statusBar().showMessage(f"Wrote {n} excerpts to {path}", 8000)
        return n

    def export_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export coded data (one row per coding)",
            str(Path.home()),
            "Excel workbook, text kept as text, for Excel (*.xlsx);;"
            "CSV, faithful UTF-8, for pandas and R (*.csv)",
        )
        if path:
            self.export_segments(Path(path))

    def export_segments(self, path: Path) -> int:
        header, rows = Pool([self.session.project]).segments()
        try:
            n = write_table(path, header, rows)
        except CoderError as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return 0
        self.statusBar().showMessage(f"Wrote {n} codings to {path}", 8000)
        return n

    # -- the rest ------------------------------------------------------------------------------

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Review Coder",
            f"<h3>Review Coder {__version__}</h3>"
            "<p>Qualitative coding of published case reviews for police learning.</p>"
            "<p>Free software under the GNU Affero General Public License, version 3 or "
            f"later. The source code is at <a href='{SOURCE_URL}'>{SOURCE_URL}</a>.</p>",
        )

    def current_coding(self):
        if self.session and self.page_view.selected_coding:
            return coding_repo.get_coding(self.session.project, self.page_view.selected_coding)
        return None

    def closeEvent(self, event) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        self.close_project()
        self.worker.stop()
        super().closeEvent(event)
