"""Assigning documents to coders, and the progress table of who has done what."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coder.project import assignments, coders, documents
from coder.teamwork.consensus import CONSENSUS
from coder.ui.screen_fit import fit_size
from coder.ui.team_commands import assign_command

STATUS_COLOURS = {"done": "#c8e6c9", "in_progress": "#fff3cd", "not_started": "#f5f5f5"}


def checklist(name: str) -> QListWidget:
    view = QListWidget()
    view.setAccessibleName(name)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    return view


def ticked(view: QListWidget) -> list[str]:
    return [
        view.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(view.count())
        if view.item(i).checkState() == Qt.CheckState.Checked
    ]


def add_check(view: QListWidget, label: str, value: str, checked: bool = False) -> None:
    item = QListWidgetItem(label)
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    view.addItem(item)


class AssignDialog(QDialog):
    """Tick documents and coders, then Assign (or Unassign): one undoable step each."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Assign documents to coders")
        self.docs = checklist("Documents to assign")
        for d in documents.list_documents(session.project):
            add_check(self.docs, d.title, d.id)
        self.coders = checklist("Coders")
        for c in coders.list_coders(session.project):
            if c.name != CONSENSUS:
                add_check(self.coders, c.name, c.name)
        self.new_coder = QLineEdit(placeholderText="Add a coder by name, then Enter")
        self.new_coder.setAccessibleName("New coder name")
        self.new_coder.returnPressed.connect(self._add_coder)
        all_docs = QPushButton("All documents")
        all_docs.clicked.connect(lambda: self._check_all(self.docs))
        assign = QPushButton("&Assign")
        assign.clicked.connect(lambda: self.apply(True))
        unassign = QPushButton("&Unassign")
        unassign.clicked.connect(lambda: self.apply(False))
        self.message = QLabel()
        left = QVBoxLayout()
        left.addWidget(QLabel("Documents"))
        left.addWidget(self.docs)
        left.addWidget(all_docs)
        right = QVBoxLayout()
        right.addWidget(QLabel("Coders"))
        right.addWidget(self.coders)
        right.addWidget(self.new_coder)
        lists = QHBoxLayout()
        lists.addLayout(left, 2)
        lists.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(assign, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(unassign, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(lists)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_size(self, 640, 420)

    def _check_all(self, view: QListWidget) -> None:
        for i in range(view.count()):
            view.item(i).setCheckState(Qt.CheckState.Checked)

    def _add_coder(self) -> None:
        name = " ".join(self.new_coder.text().split())
        if name and name != CONSENSUS and name not in ticked(self.coders):
            add_check(self.coders, name, name, checked=True)
        self.new_coder.clear()

    def apply(self, assigned: bool) -> bool:
        docs, names = ticked(self.docs), ticked(self.coders)
        if not docs or not names:
            self.message.setText("Tick at least one document and one coder")
            return False
        ok = self.session.push(assign_command(self.session, docs, names, assigned))
        if ok:
            verb = "Assigned" if assigned else "Unassigned"
            self.message.setText(f"{verb} {len(docs)} documents to {', '.join(names)}")
        return ok


class ProgressDialog(QDialog):
    """Documents × coders: each coder's status on each document they have."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Progress")
        self.table = QTableWidget()
        self.table.setAccessibleName("Progress by document and coder")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        session.changed.connect(lambda _c: self.reload())
        self.reload()
        fit_size(self, 720, 480)

    def reload(self) -> None:
        project = self.session.project
        names = {c.id: c.name for c in coders.list_coders(project) if c.name != CONSENSUS}
        rows = assignments.list_assignments(project)
        people = sorted({names[a.coder_id] for a in rows if a.coder_id in names})
        docs = documents.list_documents(project)
        cells = {(a.document_id, names.get(a.coder_id)): a for a in rows}
        self.table.clear()
        self.table.setRowCount(len(docs))
        self.table.setColumnCount(len(people))
        self.table.setHorizontalHeaderLabels(people)
        self.table.setVerticalHeaderLabels([d.title for d in docs])
        for r, d in enumerate(docs):
            for c, name in enumerate(people):
                a = cells.get((d.id, name))
                if a is None or (not a.assigned and a.status == "not_started"):
                    item = QTableWidgetItem("—")
                else:
                    text = assignments.STATUS_LABELS[a.status]
                    item = QTableWidgetItem(text if a.assigned else f"{text} (not assigned)")
                    item.setBackground(QColor(STATUS_COLOURS[a.status]))
                self.table.setItem(r, c, item)
        totals = assignments.progress(project)
        self.summary.setText(
            "; ".join(
                f"{n}: {t['done']} done, {t['in_progress']} in progress, "
                f"{t['not_started']} not started"
                for n, t in sorted(totals.items())
                if n != CONSENSUS
            )
            or "No documents assigned yet: Team → Assign documents…"
        )
        self.table.resizeColumnsToContents()

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""
