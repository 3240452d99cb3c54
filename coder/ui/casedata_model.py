"""A Qt table model over the case records of one kind in one review (the pure records of
``coder.project.casedata``; no SQL here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coder.codebook.attribute_set import NOT_STATED, NOT_STATED_VALUE, date_sort_key
from coder.codebook.case_schema import CaseKind, FieldSpec
from coder.project.casedata import CaseRecord

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def shown(spec: FieldSpec, value: Any, labels: dict[str, str]) -> str:
    """A value as a cell shows it: persons by their labels."""
    if value is None:
        return ""
    if value is NOT_STATED_VALUE:
        return NOT_STATED
    if spec.is_reference:
        ids = [value] if isinstance(value, str) else list(value)
        return "; ".join(labels.get(i, "?") for i in ids)
    return spec.format(value)


class CaseRecordsModel(QAbstractTableModel):
    """Rows: records of one kind; columns: the kind's fields."""

    def __init__(self, kind: CaseKind, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.records: list[CaseRecord] = []
        self.labels: dict[str, str] = {}

    def set_records(self, records: list[CaseRecord], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.labels = dict(labels)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.kind.fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        record = self.records[index.row()]
        spec = self.kind.fields[index.column()]
        value = record.values.get(spec.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return shown(spec, value, self.labels)
        if role == SORT_ROLE:
            if spec.type == "date" and isinstance(value, str):
                return date_sort_key(value)
            if spec.type == "integer" and isinstance(value, int):
                return f"{value:012d}"
            text = shown(spec, value, self.labels)
            return text or "\uffff"  # empty sorts last
        if role == ID_ROLE:
            return record.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.kind.fields):
            return self.kind.fields[section].name
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def row_of(self, record_id: str) -> int:
        return next((i for i, r in enumerate(self.records) if r.id == record_id), -1)
