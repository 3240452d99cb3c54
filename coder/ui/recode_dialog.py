"""Codings to recode: the codings of codes a newer codebook split, each settled by a
person (recode it to one of the new codes, or keep it where it is), one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coder.coding.recoding import ToRecode, to_recode
from coder.project import documents
from coder.ui.judgement_commands import keep_command, recode_command
from coder.ui.screen_fit import fit_size


class RecodeDialog(QDialog):
    codingActivated = Signal(str, str)  # document id, coding id

    COLUMNS = ("Document", "Page", "Split code", "Quote")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Codings to recode")
        self.session = session
        self.items: list[ToRecode] = []
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Codings to recode")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._fill_choices)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_coding())
        self.choice = QComboBox()
        self.choice.setAccessibleName("Recode to")
        self.recode_button = QPushButton("&Recode")
        self.recode_button.clicked.connect(self.recode)
        self.keep_button = QPushButton("&Keep on this code")
        self.keep_button.clicked.connect(self.keep)
        self.show_button = QPushButton("&Show on the page")
        self.show_button.clicked.connect(self.show_coding)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel("Recode to:"))
        row.addWidget(self.choice, 1)
        row.addWidget(self.recode_button)
        row.addWidget(self.keep_button)
        row.addWidget(self.show_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table)
        layout.addLayout(row)
        fit_size(self, 900, 420)
        session.changed.connect(lambda _changes: self.reload())
        self.reload()

    def reload(self) -> None:
        selected = self.current()
        self.items = to_recode(self.session.project)
        titles = {d.id: d.title for d in documents.list_documents(self.session.project)}
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            quote = " ".join(item.quote.split())
            code = item.code_path.rsplit("/", 1)[-1]
            cells = (titles.get(item.document_id, ""), str(item.page), code, quote)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.code_path if c == 2 else text)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 240))
        self.label.setText(
            f"{len(self.items)} codings of split codes to recode: recode each to one of the "
            "codes the split made, or keep it on its code. Nothing is moved by a guess."
            if self.items
            else "No codings to recode."
        )
        ids = [i.coding_id for i in self.items]
        self.table.selectRow(ids.index(selected.coding_id) if selected in self.items else 0)
        self._fill_choices()

    def current(self) -> ToRecode | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _fill_choices(self) -> None:
        self.choice.clear()
        item = self.current()
        for code_id, path in item.choices if item else ():
            self.choice.addItem(path, code_id)
        for w in (self.recode_button, self.keep_button, self.show_button):
            w.setEnabled(item is not None)
        self.recode_button.setEnabled(item is not None and self.choice.count() > 0)

    def recode(self) -> bool:
        item, code_id = self.current(), self.choice.currentData()
        if item is None or code_id is None:
            return False
        name = self.choice.currentText().rsplit("/", 1)[-1]
        return self.session.push(recode_command(self.session, [item.coding_id], code_id, name))

    def keep(self) -> bool:
        item = self.current()
        if item is None:
            return False
        return self.session.push(keep_command(self.session, [item.coding_id]))

    def show_coding(self) -> None:
        item = self.current()
        if item is not None:
            self.codingActivated.emit(item.document_id, item.coding_id)
