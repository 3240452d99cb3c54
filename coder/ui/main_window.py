"""The main window: documents, page view and codebook side by side, with excerpts and
history below. It holds the open project, the document shown and the panels, and composes
the parts that own the actions (``coder/ui/window_*.py``); the panels and commands do the
work."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.excerpts import Excerpt
from coder.project import documents
from coder.project.edit import Changes
from coder.project.records import Coding
from coder.ui import settings
from coder.ui.code_editor import CodeEditor
from coder.ui.codebook_panel import CodebookPanel
from coder.ui.document_data import DocumentData
from coder.ui.field_undo import FieldUndo
from coder.ui.jobs import stop_jobs
from coder.ui.key_legend import KeyLegend
from coder.ui.memo_panel import MemoPanel
from coder.ui.page_view import PageView
from coder.ui.panels import DocumentsPanel, ExcerptsPanel, HistoryPanel
from coder.ui.pdf_worker import PdfWorker
from coder.ui.review_panel import ReviewPanel
from coder.ui.screen_fit import fit_size
from coder.ui.search_panel import SearchPanel
from coder.ui.session import ProjectSession
from coder.ui.start_page import StartPage, about_text
from coder.ui.style import install_style
from coder.ui.text_view import TextView
from coder.ui.window_analysis import AnalysisActions
from coder.ui.window_briefing import BriefingActions
from coder.ui.window_casedata import CaseDataActions
from coder.ui.window_coding import CodingActions
from coder.ui.window_exchange import ExchangeActions
from coder.ui.window_find import FindActions
from coder.ui.window_judgement import JudgementActions
from coder.ui.window_menus import make_menus
from coder.ui.window_outline import OutlineActions
from coder.ui.window_panels import ProjectPanels
from coder.ui.window_part import WindowPart
from coder.ui.window_projects import ProjectActions
from coder.ui.window_recommendations import RecommendationActions
from coder.ui.window_sample import SampleActions
from coder.ui.window_team import TeamActions
from coder.ui.window_view import ViewActions


class MainWindow(QMainWindow):
    def __init__(self, worker: PdfWorker | None = None) -> None:
        super().__init__()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_style(app)
        self.setWindowTitle("Review Coder")
        self.setAcceptDrops(True)
        self.worker = worker or PdfWorker(self)
        if not self.worker.isRunning():
            self.worker.start()
        self.session: ProjectSession | None = None
        self.doc: DocumentData | None = None
        self.page_view = PageView(self.worker)
        self.page_view.selectionChanged.connect(self._selection_changed)
        self.page_view.pageChanged.connect(self._page_changed)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px;")
        self.banner.hide()
        self.panels = ProjectPanels(self)
        self.finding = FindActions(self)
        work = QWidget()
        wl = QVBoxLayout(work)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        wl.addWidget(self.banner)
        wl.addWidget(self.finding.bar)
        self.key_legend = KeyLegend()
        wl.addWidget(self.key_legend)
        wl.addWidget(self.page_view)
        self.text_view = TextView()
        self.text_view.selectionChanged.connect(self._selection_changed)
        self.text_view.hide()
        wl.addWidget(self.text_view)
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
        self.casedata_dock = self._dock("Case data", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.outline_dock = self._dock("Outline", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.recommendations_dock = self._dock(
            "Recommendations", Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.excerpts_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.memo_dock)
        self.tabifyDockWidget(self.memo_dock, self.search_dock)
        self.tabifyDockWidget(self.search_dock, self.recommendations_dock)
        self.tabifyDockWidget(self.codebook_dock, self.code_dock)
        self.tabifyDockWidget(self.documents_dock, self.review_dock)
        self.tabifyDockWidget(self.review_dock, self.casedata_dock)
        self.tabifyDockWidget(self.review_dock, self.outline_dock)
        self.excerpts_dock.raise_()
        self.codebook_dock.raise_()
        self.documents_dock.raise_()
        # the panels of the open project (None while none is open)
        self.documents: DocumentsPanel | None = None
        self.codebook: CodebookPanel | None = None
        self.excerpts: ExcerptsPanel | None = None
        self.history: HistoryPanel | None = None
        self.code_editor: CodeEditor | None = None
        self.review_panel: ReviewPanel | None = None
        self.memos: MemoPanel | None = None
        self.search: SearchPanel | None = None
        self.coder_label = QLabel()
        self.saved_label = QLabel("Every change is saved as you make it")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.coder_label)
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self.page_view.go_to_page)
        self.page_count_label = QLabel()
        a = self.add_action
        self.undo_act = a("&Undo", lambda: self._undo(True), QKeySequence.StandardKey.Undo)
        self.redo_act = a("&Redo", lambda: self._undo(False), "Ctrl+Shift+Z")
        # Ctrl+Z in a field with nothing of its own to undo: Edit → Undo
        app.installEventFilter(FieldUndo(self))
        self.copy_act = a("&Copy", self.page_view.copy, QKeySequence.StandardKey.Copy)
        self.coder_act = a("Change &coder…", self.change_coder)
        self.about_act = a("&About Review Coder", self.about)
        # the parts that own the rest of the actions, in the order their menus come
        self.projects = ProjectActions(self)
        self.coding = CodingActions(self)
        self.judging = JudgementActions(self)
        self.case_data = CaseDataActions(self)
        self.viewing = ViewActions(self)
        self.outlining = OutlineActions(self)
        self.analyses = AnalysisActions(self)
        self.briefing = BriefingActions(self)
        self.recommendations = RecommendationActions(self)
        self.exchange = ExchangeActions(self)
        self.sampling = SampleActions(self)
        self.team = TeamActions(self)
        self.parts: tuple[WindowPart, ...] = (
            self.panels,
            self.finding,
            self.projects,
            self.coding,
            self.judging,
            self.case_data,
            self.viewing,
            self.outlining,
            self.analyses,
            self.briefing,
            self.recommendations,
            self.exchange,
            self.sampling,
            self.team,
        )
        make_menus(self)
        fit_size(self, 1280, 820)
        self.viewing.remember_default()
        self._show_start()

    # -- building -----------------------------------------------------------------------

    def _dock(self, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def add_action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def docks(self) -> tuple[QDockWidget, ...]:
        return (
            self.documents_dock,
            self.codebook_dock,
            self.excerpts_dock,
            self.history_dock,
            self.code_dock,
            self.review_dock,
            self.memo_dock,
            self.search_dock,
            self.outline_dock,
            self.casedata_dock,
            self.recommendations_dock,
        )

    def place_on_screen(self) -> None:
        """Before the window is first shown: see ``ViewActions.place_on_screen``."""
        self.viewing.place_on_screen()

    def _show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentIndex(0)
        for dock in self.docks():
            dock.setEnabled(False)
        self._update_actions()

    # -- projects ------------------------------------------------------------------------

    def open_project(self, path: str | Path) -> bool:
        """Open a project file (read-only when someone else writes it); False with a
        message when it cannot be opened."""
        return self.projects.open_project(path)

    def open_demo(self) -> None:
        self.projects.open_demo()

    def install(self, session: ProjectSession) -> None:
        """Show ``session``'s project: its panels in the docks, then the parts."""
        self.session = session
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._on_reloaded)
        session.failed.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        session.undo_stack.indexChanged.connect(lambda _: self._update_actions())
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
        for part in self.parts:
            part.installed(session)
        self._update_coder_label()
        self._update_actions()

    def close_project(self) -> None:
        if self.session is None:
            return
        for part in self.parts:
            part.closing()
        self.page_view.set_document(None)
        self.page_view.cache.clear()
        self.text_view.set_document(None)
        self.doc = None
        for view in (self.page_view, self.text_view):
            with contextlib.suppress(RuntimeError, TypeError):  # nothing was connected
                view.codingClicked.disconnect()
        for dock in self.docks():
            old = dock.widget()
            dock.setWidget(QWidget())
            if old is not None:
                old.deleteLater()
        self.session.close()
        self.session = None
        self.coding.update_key_legend()
        self.setWindowTitle("Review Coder")
        self.banner.hide()
        self._show_start()

    # -- documents -------------------------------------------------------------------------

    @property
    def view(self) -> PageView | TextView:
        """The view showing the current document: the page view, or the text view for a
        plain-text document."""
        if self.doc is not None and self.doc.document.kind == "text":
            return self.text_view
        return self.page_view

    def open_document(self, document_id: str) -> None:
        if self.session is None:
            return
        project = self.session.project
        self.doc = DocumentData(project, document_id)
        self.team.filter(self.doc)
        if self.doc.document.kind == "text":  # a plain-text document from another tool
            self.page_view.set_document(None)
            self.text_view.set_document(self.doc)
            self.page_view.hide()
            self.text_view.show()
        else:
            self.text_view.set_document(None)
            self.text_view.hide()
            self.page_view.show()
            self.page_view.set_document(self.doc, documents.document_pdf(project, document_id))
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, len(self.doc.pages)))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_count_label.setText(f" of {len(self.doc.pages)} ")
        for part in self.parts:
            part.document_opened(document_id)
        self._update_actions()

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)

    def go_to_excerpt(self, excerpt: Excerpt) -> None:
        if self.go_to_coding(excerpt.document_id, excerpt.coding_id):
            self.view.setFocus()

    def go_to_coding(self, document_id: str, coding_id: str) -> bool:
        """Open the document (if another is shown) and show the coding, selected; whether
        it is there."""
        if self.doc is None or self.doc.id != document_id:
            self.open_document(document_id)
        assert self.doc is not None
        coding = next((c for c in self.doc.codings if c.id == coding_id), None)
        if coding is not None:
            self.view.reveal_coding(coding)
        return coding is not None

    def go_to_range(self, document_id: str, start: int, end: int, select: bool = False) -> None:
        """Open the document (if another is shown) and show [start, end), selected with
        ``select``, else flashed."""
        if self.doc is None or self.doc.id != document_id:
            self.open_document(document_id)
        if select:
            self.view.select_range(start, end)
        self.view.reveal(start, end)

    def selected_coding(self) -> Coding | None:
        """The coding clicked in the current document, or None."""
        if self.doc is None or not self.view.selected_coding:
            return None
        return next((c for c in self.doc.codings if c.id == self.view.selected_coding), None)

    def _undo(self, undo: bool) -> None:
        if self.session:
            (self.session.undo_stack.undo if undo else self.session.undo_stack.redo)()

    # -- refreshing ------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        for part in self.parts:
            part.changed(changes)
        self._update_coder_label()
        self._update_actions()

    def _on_reloaded(self) -> None:
        if self.documents:
            self.documents.reload()
        self._on_changed(Changes.of(code=[], coding=[]))

    def _selection_changed(self) -> None:
        self.outlining.selection_changed()
        self._update_actions()

    def _update_coder_label(self) -> None:
        if self.session:
            self.coder_label.setText(f"Coder: {self.session.coder_name}")
        else:
            self.coder_label.setText("")

    def _update_actions(self) -> None:
        has = self.session is not None
        self.coder_act.setEnabled(has)
        stack = self.session.undo_stack if self.session is not None else None
        self.undo_act.setEnabled(bool(stack and stack.canUndo()))
        self.redo_act.setEnabled(bool(stack and stack.canRedo()))
        self.undo_act.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_act.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        if self.doc is None:  # no stale "of 10" with no document open
            self.page_count_label.setText("")
            self.page_box.blockSignals(True)
            self.page_box.setValue(1)
            self.page_box.blockSignals(False)
        self.page_box.setEnabled(self.doc is not None)
        for part in self.parts:
            part.update_actions()

    def writable(self) -> bool:
        """A project is open and may be changed."""
        return self.session is not None and not self.session.read_only

    def change_coder(self) -> None:
        """Edit → Change coder…: asks for the name the next codings carry."""
        if self.session is None:
            return
        name, ok = QInputDialog.getText(
            self, "Change coder", "Coder name:", text=self.session.coder_name
        )
        name = " ".join(name.split())
        if ok and name:
            settings.set_coder_name(name)
            self.session.set_coder_name(name)

    # -- the rest ------------------------------------------------------------------------------

    def about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle("About Review Coder")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(about_text())
        box.open()
        return box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.projects.dropped([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        settings.set_last_project(self.session.project.path if self.session else None)
        self.close_project()
        stop_jobs(self)
        self.worker.stop()
        super().closeEvent(event)
