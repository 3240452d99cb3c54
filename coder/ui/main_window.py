"""The main window: documents, page view and codebook side by side, with excerpts and
history below. It wires panels to the session; the panels and commands do the work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.excerpts import Excerpt
from coder.project import codes as code_repo
from coder.project import codings as coding_repo
from coder.project import documents
from coder.project.edit import Changes
from coder.text.matcher import matches, phrase_query
from coder.ui import commands, settings
from coder.ui.analysis_view import AnalysisDialog
from coder.ui.code_editor import CodeEditor
from coder.ui.codebook_panel import CodebookPanel
from coder.ui.document_data import DocumentData
from coder.ui.importer import ImportRun
from coder.ui.key_legend import KeyLegend
from coder.ui.memo_panel import MemoPanel, ask_memo
from coder.ui.page_view import PageView
from coder.ui.panels import DocumentsPanel, ExcerptsPanel, HistoryPanel
from coder.ui.pdf_worker import PdfWorker
from coder.ui.quick_code import QuickCodeDialog
from coder.ui.review_panel import ReviewPanel
from coder.ui.screen_fit import available, fit_size, keep_on_screen
from coder.ui.search_panel import SearchPanel
from coder.ui.session import ProjectSession
from coder.ui.start_page import StartPage, about_text
from coder.ui.style import install_style
from coder.ui.text_view import TextView
from coder.ui.window_analysis import AnalysisActions
from coder.ui.window_briefing import BriefingActions
from coder.ui.window_casedata import CaseDataActions
from coder.ui.window_exchange import ExchangeActions
from coder.ui.window_judgement import JudgementActions
from coder.ui.window_outline import OutlineActions
from coder.ui.window_projects import ProjectActions
from coder.ui.window_sample import SampleActions
from coder.ui.window_team import TeamActions


class MainWindow(
    ProjectActions,
    AnalysisActions,
    TeamActions,
    ExchangeActions,
    OutlineActions,
    JudgementActions,
    CaseDataActions,
    SampleActions,
    BriefingActions,
    QMainWindow,
):
    def __init__(self, worker: PdfWorker | None = None) -> None:
        super().__init__()
        install_style(QApplication.instance())
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
        self.key_legend = KeyLegend()
        wl.addWidget(self.key_legend)
        wl.addWidget(self.page_view)
        self.text_view = TextView()
        self.text_view.selectionChanged.connect(self._selection_changed)
        self.text_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text_view.customContextMenuRequested.connect(self._page_menu)
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
        self.tabifyDockWidget(self.excerpts_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.memo_dock)
        self.tabifyDockWidget(self.memo_dock, self.search_dock)
        self.tabifyDockWidget(self.codebook_dock, self.code_dock)
        self.tabifyDockWidget(self.documents_dock, self.review_dock)
        self.tabifyDockWidget(self.review_dock, self.casedata_dock)
        self.excerpts_dock.raise_()
        self.codebook_dock.raise_()
        self.documents_dock.raise_()
        self.documents: DocumentsPanel | None = None
        self.codebook: CodebookPanel | None = None
        self.excerpts: ExcerptsPanel | None = None
        self.history: HistoryPanel | None = None
        self.code_editor: CodeEditor | None = None
        self.review_panel: ReviewPanel | None = None
        self.casedata_panel = None
        self.memos: MemoPanel | None = None
        self.search: SearchPanel | None = None
        self.analysis: AnalysisDialog | None = None
        self.coder_label = QLabel()
        self.saved_label = QLabel("Every change is saved as you make it")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.coder_label)
        self._make_outline()
        self._make_actions()
        self._make_casedata_actions()
        self._make_briefing_actions()
        self._make_menus()
        fit_size(self, 1280, 820)
        self._default_dock_sizes()
        #: the arrangement View → Reset layout goes back to
        self._default_state = self.saveState()
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
        self.import_qdpx_act = a("Import a REFI-QDA project (.qdpx)…", self.import_qdpx_dialog)
        self.export_qdpx_act = a("Export as a REFI-QDA project (.qdpx)…", self.export_qdpx_dialog)
        self.close_act = a("&Close project", self.close_project, "Ctrl+W")
        self.quit_act = a("&Quit", self.close, "Ctrl+Q")
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
        self._make_judgement_actions()
        self.memo_act = a("Add &memo to coding…", self.add_memo, "Ctrl+M")
        self.delete_coding_act = a("&Delete coding", self.delete_coding, "Ctrl+Backspace")
        self.zoom_in_act = a("Zoom &in", self.page_view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_act.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_act = a("Zoom &out", self.page_view.zoom_out, "Ctrl+-")
        self.fit_width_act = a("Fit &width", self.page_view.fit_width, "Ctrl+0")
        self.fit_page_act = a("Fit &page", self.page_view.fit_page, "Ctrl+9")
        self.reset_layout_act = a("&Reset layout", self.reset_layout)
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
        file.addAction(self.load_framework_act)
        file.addAction(self.export_codebook_act)
        file.addAction(self.copy_project_act)
        file.addSeparator()
        file.addAction(self.import_qdpx_act)
        file.addAction(self.export_qdpx_act)
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
            *self.judgement_actions(),
            None,
            self.supports_act,
            self.hinders_act,
            self.no_effect_act,
            self.explains_act,
            self.unlink_act,
            None,
            self.memo_act,
            self.delete_coding_act,
            None,
            self.recode_act,
            self.contact_from_selection_act,
        ):
            code.addSeparator() if act is None else code.addAction(act)
        view = bar.addMenu("&View")
        for act in (self.zoom_in_act, self.zoom_out_act, self.fit_width_act, self.fit_page_act):
            view.addAction(act)
        view.addAction(self.paragraph_numbers_act)
        view.addSeparator()
        for dock in self._docks():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(self.reset_layout_act)
        analysis = bar.addMenu("&Analysis")
        for act in (
            self.analysis_act,
            self.search_all_act,
            self.report_act,
            self.export_act,
            self.briefings_act,
        ):
            analysis.addAction(act)
        self._make_sample_menu()
        self._make_team_menu()
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

    def place_on_screen(self) -> None:
        """Before the window is first shown: the size, place and docks it had when it last
        closed, kept within the screen; the first time, most of the screen (all of it on a
        small one), the page view taking most of the width."""
        s = settings.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None and self.restoreGeometry(geometry):
            if state is not None:
                self.restoreState(state)
            if not self.isMaximized():
                keep_on_screen(self)
            return
        room = available(self)
        if room.width() < 1400 or room.height() < 860:
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            fit_size(self, 1440, 940)
            frame = self.frameGeometry()
            frame.moveCenter(room.center())
            self.move(frame.topLeft())
        self._default_dock_sizes()

    def _default_dock_sizes(self) -> None:
        """The documents list and the codebook narrow, the excerpts short: the page view
        gets the rest (about 57 % of an 800 px wide window, 70 % of a 1920 px one)."""
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        width, height = self.width(), self.height()
        documents = max(160, min(260, int(width * 0.16)))
        codebook = max(180, min(320, int(width * 0.2)))
        self.resizeDocks(
            [self.documents_dock, self.codebook_dock], [documents, codebook], horizontal
        )
        self.resizeDocks([self.excerpts_dock], [max(140, min(220, int(height * 0.22)))], vertical)

    def reset_layout(self) -> None:
        """Every panel back where it started, at its first size; the page view gets the
        rest of the window."""
        self.restoreState(self._default_state)
        for dock in self._docks():
            dock.setFloating(False)
        self.excerpts_dock.raise_()
        self.codebook_dock.raise_()
        self.documents_dock.raise_()
        self._default_dock_sizes()

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
            self.outline_dock,
            self.casedata_dock,
        )

    def _show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentIndex(0)
        for dock in self._docks():
            dock.setEnabled(False)
        self._update_actions()

    # -- documents -------------------------------------------------------------------------

    @property
    def view(self):
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
        if self.hidden_coders or self.stripes_by_coder:
            self.doc.hidden_coders = set(self.hidden_coders)
            self.doc.by_coder = self.stripes_by_coder
            self.doc.reload_codings()
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
        if self.review_panel:
            self.review_panel.show_document(document_id)
        if self.casedata_panel:
            self.casedata_panel.show_document(document_id)
        if self.memos:
            self.memos.set_target("document", document_id)
        self._outline_document(document_id)
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
            self.view.reveal_coding(coding)
            self.view.setFocus()

    # -- coding ------------------------------------------------------------------------------

    def apply_code(self, code_id: str) -> bool:
        """Code the current text or area selection with ``code_id``."""
        if self.session is None or self.doc is None:
            return False
        if self.session.read_only:
            self.statusBar().showMessage("The project is open read-only", 5000)
            return False
        name = self.codebook.label_of(code_id) if self.codebook else code_id
        sel = self.view.selection()
        area = self.view.area_selection()
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

    def _update_key_legend(self) -> None:
        """The legend of the number keys: which code each applies now."""
        shown = []
        if self.session is not None:
            looks = {c.id: c for c in code_repo.list_codes(self.session.project)}
            for code_id in self.session.recent_codes:
                look = looks.get(code_id)
                if look is not None:
                    shown.append(
                        (self.codebook.path_of(code_id) if self.codebook else "", look.colour)
                    )
        self.key_legend.set_codes(shown)

    def apply_recent(self, n: int) -> None:
        if self.session and len(self.session.recent_codes) >= n:
            self.apply_code(self.session.recent_codes[n - 1])

    def quick_code(self) -> str | None:
        if self.session is None or self.codebook is None:
            return None
        dialog = QuickCodeDialog(self.codebook.code_paths(), self.session.recent_codes, self)
        self.quick_dialog = dialog
        if dialog.exec() and dialog.chosen:
            self.apply_code(dialog.chosen)
            return dialog.chosen
        return None

    def _selected_coding_ids(self) -> list[str]:
        return [self.view.selected_coding] if self.view.selected_coding else []

    def set_effect(self, effect: str | None) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.set_effect_command(self.session, ids, effect))

    def add_memo(self) -> None:
        """Add memo to coding…: asks for the memo's text."""
        ids = self._selected_coding_ids()
        if not (self.session and ids):
            self.statusBar().showMessage("Click a coding first", 5000)
            return
        ask_memo(self, self.session, "coding", ids[0], "this coding")

    def delete_coding(self) -> None:
        ids = self._selected_coding_ids()
        if self.session and ids:
            self.session.push(commands.delete_codings_command(self.session, ids))

    def _toggle_area(self, on: bool) -> None:
        self.page_view.area_mode = on

    def _page_menu(self, pos) -> None:
        view = self.view
        found = view.codings_at(pos)
        menu = QMenu(self)
        if found:
            view.selected_coding = found[0].id
            view.viewport().update()
            for act in (
                *self.coding_menu_actions(found[0]),
                self.memo_act,
                self.delete_coding_act,
            ):
                menu.addSeparator() if act is None else menu.addAction(act)
            menu.addSeparator()
        menu.addAction(self.copy_act)
        menu.addAction(self.quick_act)
        menu.addAction(self.contact_from_selection_act)
        menu.exec(view.viewport().mapToGlobal(pos))

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
        view = self.view
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

    def _on_changed(self, changes: Changes) -> None:
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
            if changes.touches("code"):
                self._update_key_legend()
            self.view.refresh_codings()
            if self.excerpts:
                self.excerpts.reload()
            if self.documents:
                self.documents.reload()
        if changes.touches("assignment") and self.documents:
            self.documents.reload()
        if self.history:
            self.history.reload()
        self._outline_changed(changes)
        self._update_coder_label()
        self._update_actions()

    def _on_reloaded(self) -> None:
        if self.documents:
            self.documents.reload()
        self._on_changed(Changes.of(code=[], coding=[]))

    def _show_excerpts(self, code_id: str) -> None:
        if self.excerpts and self.codebook:
            self.excerpts.show_code(code_id, self.codebook.label_of(code_id))

    def _selection_changed(self) -> None:
        self._outline_selection()
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
            *self.judgement_actions(),
            self.explains_act,
            self.unlink_act,
            self.recode_act,
            self.load_framework_act,
            self.memo_act,
            self.delete_coding_act,
            self.contact_from_selection_act,
        ):
            act.setEnabled(writable)
        for act in (
            self.copy_project_act,
            self.close_act,
            self.find_act,
            self.coder_act,
            self.export_qdpx_act,
            self.briefings_act,
        ):
            act.setEnabled(has)
        stack = self.session.undo_stack if has else None
        self.undo_act.setEnabled(bool(stack and stack.canUndo()))
        self.redo_act.setEnabled(bool(stack and stack.canRedo()))
        self.undo_act.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_act.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        self._update_team_actions()
        if self.doc is None:  # no stale "of 10" with no document open
            self.page_count_label.setText("")
            self.page_box.blockSignals(True)
            self.page_box.setValue(1)
            self.page_box.blockSignals(False)
        self.page_box.setEnabled(self.doc is not None)
        self._update_sample_actions()

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

    def describe_code(self, code_id: str) -> None:
        """Describe…: the Code definition tab on the code, the cursor in its definition."""
        if self.code_editor is None:
            return
        if self.code_editor.code_id != code_id:
            self.code_editor.show_code(code_id)
        self.code_dock.show()
        self.code_dock.raise_()
        field = self.code_editor.texts["description"]
        field.setFocus()
        field.moveCursor(QTextCursor.MoveOperation.End)

    # -- import by menu and by drop ----------------------------------------------------------

    # -- the rest ------------------------------------------------------------------------------

    def about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle("About Review Coder")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(about_text())
        box.open()
        return box

    def current_coding(self):
        if self.session and self.view.selected_coding:
            return coding_repo.get_coding(self.session.project, self.view.selected_coding)
        return None

    def closeEvent(self, event) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        settings.set_last_project(self.session.project.path if self.session else None)
        self.close_project()
        self.worker.stop()
        super().closeEvent(event)
