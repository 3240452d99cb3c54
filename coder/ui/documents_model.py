"""The documents list as a Qt table model over the project's document records."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coder.ids import DocumentId
from coder.project import assignments, coders, codings, documents
from coder.project.records import Document

Index = QModelIndex | QPersistentModelIndex
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document as the list shows it: its record, its codings (every coder's) and the
    status the current coder gave it ("" when none)."""

    document: Document
    codings: int
    status: str


def _status_labels(session) -> dict[DocumentId, str]:
    """The current coder's status of each document they marked, as the list shows it."""
    me = coders.find_coder(session.project, session.coder_name)
    if me is None:
        return {}
    out: dict[DocumentId, str] = {}
    for a in assignments.list_assignments(session.project):
        if a.coder_id == me.id:
            label = assignments.STATUS_LABELS[a.status]
            out[a.document_id] = label if a.assigned else f"{label} (not assigned)"
    return out


class DocumentsModel(QAbstractTableModel):
    """One row per document, in the repository's order; a proxy sorts and filters it."""

    COLUMNS = ("Title", "Pages", "Codings", "My status")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[DocumentRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        project = self.session.project
        counts = codings.counts_by_document(project)
        status = _status_labels(self.session)
        self.rows = [
            DocumentRow(d, counts.get(d.id, 0), status.get(d.id, ""))
            for d in documents.list_documents(project)
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (row.document.title, row.document.pages, row.codings, row.status)
            return cells[index.column()]
        if role == DOC_ID_ROLE:
            return row.document.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.document.title
        return None
