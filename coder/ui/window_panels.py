"""The panels of the open project (documents, codebook, excerpts, history, code definition,
review, memos, search): made and docked when a project opens, wired to each other and to
the window, and refreshed by the kinds of change that touch them. The window keeps them
(``window.codebook`` and so on, None while no project is open)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor

from coder.ids import CodeId
from coder.project.edit import Changes
from coder.ui.code_editor import CodeEditor
from coder.ui.codebook_panel import CodebookPanel
from coder.ui.memo_panel import MemoPanel
from coder.ui.panels import DocumentsPanel, ExcerptsPanel, HistoryPanel
from coder.ui.review_panel import ReviewPanel
from coder.ui.screen_fit import roomy
from coder.ui.search_panel import SearchPanel
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class ProjectPanels(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)

    def installed(self, session: ProjectSession) -> None:
        w = self.window
        w.documents = documents = DocumentsPanel(session)
        documents.documentActivated.connect(w.open_document)
        w.codebook = codebook = CodebookPanel(session)
        codebook.currentCodeChanged.connect(self._show_excerpts)
        codebook.describeRequested.connect(self.describe_code)
        w.excerpts = excerpts = ExcerptsPanel(session)
        excerpts.excerptActivated.connect(w.go_to_excerpt)
        w.history = history = HistoryPanel(session)
        history.reload()
        w.code_editor = code_editor = CodeEditor(session)
        w.review_panel = review_panel = ReviewPanel(session)
        w.memos = memos = MemoPanel(session)
        w.search = search = SearchPanel(session)
        codebook.currentCodeChanged.connect(code_editor.show_code)
        codebook.currentCodeChanged.connect(lambda c: memos.set_target("code", c))
        w.page_view.codingClicked.connect(lambda c: memos.set_target("coding", c))
        w.text_view.codingClicked.connect(lambda c: memos.set_target("coding", c))
        for dock, panel in (
            (w.documents_dock, documents),
            (w.codebook_dock, codebook),
            (w.excerpts_dock, excerpts),
            (w.history_dock, history),
            (w.code_dock, code_editor),
            (w.review_dock, review_panel),
            (w.memo_dock, memos),
            (w.search_dock, search),
        ):
            dock.setWidget(roomy(panel))
            dock.setEnabled(True)

    def closing(self) -> None:
        w = self.window
        w.documents = w.codebook = w.excerpts = w.history = None
        w.code_editor = w.review_panel = w.memos = w.search = None

    def document_opened(self, document_id: str) -> None:
        w = self.window
        if w.review_panel:
            w.review_panel.show_document(document_id)
        if w.memos:
            w.memos.set_target("document", document_id)

    def changed(self, changes: Changes) -> None:
        w = self.window
        if w.code_editor and changes.touches("code"):
            w.code_editor.reload()
        if w.review_panel and (changes.touches("review") or changes.touches("attribute")):
            w.review_panel.reload()
            if w.documents:
                w.documents.reload()
        if w.memos:
            w.memos.reload()
        if changes.touches("code") or changes.touches("coding") or changes.touches("memo"):
            if w.codebook:
                w.codebook.reload()
            w.view.refresh_codings()
            if w.excerpts:
                w.excerpts.reload()
            if w.documents:
                w.documents.reload()
        if changes.touches("assignment") and w.documents:
            w.documents.reload()
        if w.history:
            w.history.reload()

    def _show_excerpts(self, code_id: str) -> None:
        w = self.window
        if w.excerpts and w.codebook:
            w.excerpts.show_code(code_id, w.codebook.label_of(CodeId(code_id)))

    def describe_code(self, code_id: str) -> None:
        """Describe…: the Code definition tab on the code, the cursor in its definition."""
        w = self.window
        if w.code_editor is None:
            return
        if w.code_editor.code_id != code_id:
            w.code_editor.show_code(CodeId(code_id))
        w.code_dock.show()
        w.code_dock.raise_()
        field = w.code_editor.texts["description"]
        field.setFocus()
        field.moveCursor(QTextCursor.MoveOperation.End)
