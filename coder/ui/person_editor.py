"""The case-data field editor for people: a ``person`` field (one person of the review) or
``persons`` (several), and the sink a field editor hands its values to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.codebook.case_schema import FieldSpec

if TYPE_CHECKING:
    from coder.ui.casedata_panel import CaseDataPanel


class PersonEditor(QWidget):
    """A ``person`` field (one person of the review) or ``persons`` (several), with its
    "not stated" box."""

    def __init__(self, sink: FieldSink, spec: FieldSpec) -> None:
        super().__init__()
        self.sink, self.spec = sink, spec
        self.not_stated = QCheckBox("not stated")
        self.not_stated.setAccessibleName(f"{spec.name}: not stated")
        self.not_stated.toggled.connect(self._changed)
        self.editor: QComboBox | QListWidget
        if spec.type == "person":
            self.editor = QComboBox()
            self.editor.currentIndexChanged.connect(self._changed)
        else:
            self.editor = QListWidget()
            self.editor.setMaximumHeight(96)
            self.editor.itemChanged.connect(self._changed)
        self.editor.setAccessibleName(spec.name)
        self.editor.setToolTip(spec.description)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 1)
        row.addWidget(self.not_stated)
        self._loading = False

    def set_persons(self, persons: list[tuple[str, str]], value: Any) -> None:
        """Offer the review's persons (id, label) and show ``value``."""
        self._loading = True
        try:
            stated = value is not NOT_STATED_VALUE
            self.not_stated.setChecked(not stated)
            self.editor.setEnabled(stated)
            chosen = set()
            if stated and value is not None:
                chosen = {value} if isinstance(value, str) else set(value)
            if isinstance(self.editor, QComboBox):
                self.editor.clear()
                self.editor.addItem("", None)
                for pid, label in persons:
                    self.editor.addItem(label, pid)
                found = next((i + 1 for i, (p, _) in enumerate(persons) if p in chosen), 0)
                self.editor.setCurrentIndex(found)
            else:
                self.editor.clear()
                for pid, label in persons:
                    item = QListWidgetItem(label)
                    item.setData(Qt.ItemDataRole.UserRole, pid)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(
                        Qt.CheckState.Checked if pid in chosen else Qt.CheckState.Unchecked
                    )
                    self.editor.addItem(item)
        finally:
            self._loading = False

    def value(self) -> Any:
        if self.not_stated.isChecked():
            return NOT_STATED_VALUE
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData()
        ids = [
            self.editor.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.editor.count())
            if self.editor.item(i).checkState() == Qt.CheckState.Checked
        ]
        return ids or None

    def _changed(self, *_: object) -> None:
        if self._loading:
            return
        self.editor.setEnabled(not self.not_stated.isChecked())
        self.sink.set_value(self.spec, self.value())


class FieldSink:
    """What a field editor talks to: the session (for messages) and the setter."""

    def __init__(self, panel: CaseDataPanel) -> None:
        self.panel = panel
        self.session = panel.session

    def set_value(self, spec: FieldSpec, value: Any) -> bool:
        return self.panel.set_field(spec, value)
