"""The smaller docks: documents, coded excerpts and history."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.excerpts import Excerpt, excerpts
from coder.coding import reviews
from coder.project import assignments, changelog, coders
from coder.structure.kinds import KINDS
from coder.ui.documents_model import DOC_ID_ROLE, DocumentsModel
from coder.ui.memo_panel import ask_memo


def _table_view(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setSortingEnabled(True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class DocumentsPanel(QWidget):
    documentActivated = Signal(str)
    statusRequested = Signal(str, str)  # document id, status

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(placeholderText="Filter documents…", clearButtonEnabled=True)
        self.filter.setAccessibleName("Filter documents")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = _table_view("Documents")
        self.view.setModel(self.proxy)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)

    def reload(self) -> None:
        self.model.reload()

    def _menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or self.model.session.read_only:
            return
        doc_id = index.data(DOC_ID_ROLE)
        menu = QMenu(self)
        for status, label in assignments.STATUS_LABELS.items():
            act = menu.addAction(f"Mark {label}")
            act.triggered.connect(lambda _=False, s=status: self.statusRequested.emit(doc_id, s))
        menu.addSeparator()
        session = self.model.session
        menu.addAction("Add memo to this document…").triggered.connect(
            lambda: ask_memo(self, session, "document", doc_id, "this document")
        )
        menu.addAction("Add memo to its review…").triggered.connect(
            lambda: ask_memo(
                self,
                session,
                "review",
                reviews.review_of(session.project, doc_id).id,
                "this document's review",
            )
        )
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        self.documentActivated.emit(index.data(DOC_ID_ROLE))


class ExcerptsPanel(QWidget):
    """Every excerpt for the selected code, across documents."""

    excerptActivated = Signal(object)  # Excerpt
    COLUMNS = (
        "Document",
        "Page",
        "Quote",
        "Coder",
        "Effect",
        "Memo",
        "Paragraph",
        "Section",
        "Judgement",
    )

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.code_id: str | None = None
        self.items: list[Excerpt] = []
        self.title = QLabel("Select a code to see its excerpts.")
        self.subcodes = QCheckBox("Include sub-codes")
        self.subcodes.setChecked(True)
        self.coder = QComboBox()
        self.coder.setAccessibleName("Filter excerpts by coder")
        self.coder.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.effect = QComboBox()
        self.effect.setAccessibleName("Filter excerpts by effect")
        self.effect.addItems(["Any effect", "Supports practice", "Hinders practice", "No effect"])
        self.section_kind = QComboBox()
        self.section_kind.setAccessibleName("Filter excerpts by section kind")
        self.section_kind.addItem("Any section", None)
        for kind in KINDS:
            self.section_kind.addItem(f"In {kind}", kind)
        for w in (self.subcodes, self.coder, self.effect, self.section_kind):
            signal = w.toggled if isinstance(w, QCheckBox) else w.currentIndexChanged
            signal.connect(lambda *_: self.reload())
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Coded excerpts")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.activate(row))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        top = QHBoxLayout()
        for w in (self.subcodes, self.coder, self.effect, self.section_kind):
            top.addWidget(w)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_code(self, code_id: str | None, path: str = "") -> None:
        self.code_id = code_id
        self._path = path
        self.reload()

    def _refill_coders(self) -> None:
        names = [c.name for c in coders.list_coders(self.session.project)]
        current = self.coder.currentText()
        self.coder.blockSignals(True)
        self.coder.clear()
        self.coder.addItems(["Every coder", *names])
        if current in names:
            self.coder.setCurrentText(current)
        self.coder.blockSignals(False)

    def reload(self) -> None:
        self._refill_coders()
        self.table.setRowCount(0)
        if self.code_id is None:
            self.items = []
            return
        coders = None if self.coder.currentIndex() <= 0 else {self.coder.currentText()}
        by_choice: dict[int, set[str | None] | None] = {
            0: None,
            1: {"supports"},
            2: {"hinders"},
            3: {None},
        }
        effects = by_choice[self.effect.currentIndex()]
        kind = self.section_kind.currentData()
        self.items = excerpts(
            self.session.project,
            self.code_id,
            self.subcodes.isChecked(),
            coders,
            effects,
            {kind} if kind else None,
        )
        self.title.setText(f"{len(self.items)} excerpt(s) for {self._path}")
        self.table.setRowCount(len(self.items))
        for row, e in enumerate(self.items):
            pages = (
                str(e.page_start)
                if e.page_start == e.page_end
                else (f"{e.page_start}–{e.page_end}")
            )
            quote = " ".join(e.quote.split()) if e.kind == "text" else "[area]"
            para = ""
            if e.paragraph:
                para = (
                    f"para {e.paragraph}"
                    if e.paragraph_end in ("", e.paragraph)
                    else f"paras {e.paragraph}–{e.paragraph_end}"
                )
            section = f"{e.section} [{e.section_kind}]" if e.section else ""
            values = (
                e.document_title,
                pages,
                quote,
                e.coder,
                e.effect or "",
                e.memo,
                para,
                section,
                (e.judgement or "").replace("_", " "),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(e.quote if col == 2 else value)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(1)

    def activate(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.excerptActivated.emit(self.items[row])

    def _menu(self, pos) -> None:
        row = self.table.rowAt(pos.y())
        if not 0 <= row < len(self.items):
            return
        self.table.selectRow(row)
        menu = QMenu(self)
        menu.addAction("Go to the excerpt").triggered.connect(lambda: self.activate(row))
        menu.addAction("Copy quote with citation").triggered.connect(lambda: self.copy_quote(row))
        memo = menu.addAction("Add memo to this coding…")
        memo.triggered.connect(lambda: self.add_memo(row))
        memo.setEnabled(not self.session.read_only)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def copy_quote(self, row: int) -> str:
        """The excerpt's quote with its citation on the clipboard, as the page view copies a
        coding: “quote” (title, p. 12)."""
        e = self.items[row]
        quote = " ".join(e.quote.split()) if e.kind == "text" else "[area]"
        pages = (
            f"p. {e.page_start}"
            if e.page_start == e.page_end
            else (f"pp. {e.page_start}–{e.page_end}")
        )
        text = f"“{quote}” ({e.document_title}, {pages})"
        QApplication.clipboard().setText(text)
        return text

    def add_memo(self, row: int) -> None:
        ask_memo(self, self.session, "coding", self.items[row].coding_id, "this coding")


class HistoryPanel(QWidget):
    COLUMNS = ("When (UTC)", "Coder", "Action", "What")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.filter = QLineEdit(placeholderText="Filter history…", clearButtonEnabled=True)
        self.filter.setAccessibleName("Filter history")
        self.filter.textChanged.connect(lambda *_: self.reload())
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("History")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def _menu(self, pos) -> None:
        row = self.table.rowAt(pos.y())
        if row < 0:
            return
        self.table.selectRow(row)
        menu = QMenu(self)
        menu.addAction("Copy this change").triggered.connect(lambda: self.copy_row(row))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def copy_row(self, row: int) -> str:
        """The change as a tab-separated line (it pastes into a spreadsheet)."""
        cells = [self.table.item(row, c) for c in range(self.table.columnCount())]
        text = "\t".join(c.text() if c else "" for c in cells)
        QApplication.clipboard().setText(text)
        return text

    def reload(self) -> None:
        names = coders.names(self.session.project)
        needle = self.filter.text().casefold()
        rows = []
        for change in changelog.history(self.session.project, limit=2000):
            values = (
                change.at.replace("T", " ")[:19],
                names.get(change.coder_id, "") if change.coder_id else "",
                f"{change.action} {change.entity}",
                change.summary,
            )
            if needle and not any(needle in v.casefold() for v in values):
                continue
            rows.append(values)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
