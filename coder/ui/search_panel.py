"""Search across every document: hits in context, jump to a hit, and "code all hits"
(one undoable step) after seeing the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.search import Hit, search
from coder.errors import CoderError
from coder.structure.kinds import KINDS
from coder.text.matcher import phrase_query

HIT_LIMIT = 1000


class SearchPanel(QWidget):
    hitActivated = Signal(object)  # Hit
    codeAllRequested = Signal()

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.hits: list[Hit] = []
        self.edit = QLineEdit(
            placeholderText="Search all documents (a phrase; assess* for a prefix), Enter"
        )
        self.edit.setAccessibleName("Search all documents")
        self.edit.returnPressed.connect(self.run)
        self.label = QLabel()
        self.code_all = QPushButton("Code all hits…")
        self.code_all.setEnabled(False)
        self.code_all.clicked.connect(self.codeAllRequested)
        self.section_kind = QComboBox()
        self.section_kind.setAccessibleName("Search only in sections of a kind")
        self.section_kind.addItem("Any section", None)
        for kind in KINDS:
            self.section_kind.addItem(f"In {kind}", kind)
        self.section_kind.currentIndexChanged.connect(lambda _i: self._rerun())
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Search results")
        self.table.setHorizontalHeaderLabels(["Document", "Page", "In context", "Paragraph"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.activate(row))
        top = QHBoxLayout()
        top.addWidget(self.edit, 1)
        top.addWidget(self.section_kind)
        top.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.label)
        layout.addWidget(self.table)

    def run(self, text: str | None = None) -> list[Hit]:
        text = self.edit.text() if text is None else text
        self.edit.setText(text)
        kind = self.section_kind.currentData()
        try:
            self.hits = (
                search(
                    self.session.project,
                    phrase_query(text),
                    limit=HIT_LIMIT,
                    section_kinds={kind} if kind else None,
                )
                if text.strip()
                else []
            )
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            self.hits = []
        documents = len({h.document_id for h in self.hits})
        self.label.setText(
            f"{len(self.hits)} hits in {documents} documents" if text.strip() else ""
        )
        self.code_all.setEnabled(bool(self.hits) and not self.session.read_only)
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            context = f"…{hit.before} [{hit.match}] {hit.after}…"
            for col, value in enumerate((hit.title, str(hit.page), context, hit.paragraph)):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setToolTip(context)
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(1)
        return self.hits

    def _rerun(self) -> None:
        if self.edit.text().strip():
            self.run()

    def activate(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.hitActivated.emit(self.hits[row])
