"""The Recommendations panel's dialogs: a recommendation's label, text, scope and
addressees; its themes; a status entry."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from coder.errors import CoderError
from coder.project.recommendations import (
    ADDRESSEE_KINDS,
    SCOPES,
    SOURCE_KINDS,
    STATUSES,
    Addressee,
)
from coder.ui.recommendation_work import ID_ROLE

# -- addressees as text ----------------------------------------------------------------------


def addressees_text(addressees: tuple[Addressee, ...]) -> str:
    """One addressee a line: ``force: Kent Police``, ``police``, ``national body: NPCC``."""
    return "\n".join(a.kind if a.kind == "police" else f"{a.kind}: {a.name}" for a in addressees)


def parse_addressees(text: str) -> tuple[Addressee, ...]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        kind, _, name = line.partition(":")
        kind = " ".join(kind.split()).lower()
        if kind not in ADDRESSEE_KINDS:
            raise CoderError(
                f"'{line.strip()}': start each line with one of {', '.join(ADDRESSEE_KINDS)}"
            )
        out.append(Addressee(kind, name.strip()))
    return tuple(out)


class RecommendationDialog(QDialog):
    """A recommendation's label, text, scope and addressees (one a line)."""

    def __init__(self, parent, title: str, label: str, text: str, scope: str, who) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label_edit = QLineEdit(label)
        self.label_edit.setAccessibleName("Label")
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setAccessibleName("Text")
        self.scope_box = QComboBox()
        self.scope_box.addItems(list(SCOPES))
        self.scope_box.setCurrentText(scope)
        self.addressee_edit = QPlainTextEdit(addressees_text(who))
        self.addressee_edit.setAccessibleName("Addressees")
        self.addressee_edit.setPlaceholderText("force: Kent Police\npolice\nnational body: NPCC")
        form = QFormLayout(self)
        form.addRow("Label", self.label_edit)
        form.addRow("Text", self.text_edit)
        form.addRow("Scope", self.scope_box)
        form.addRow("Addressees (one a line)", self.addressee_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ThemesDialog(QDialog):
    """The codes (themes) a recommendation speaks to: one tick per code, by path."""

    def __init__(self, parent, paths: Sequence[tuple[str, str]], ticked: set[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Themes of the recommendation")
        self.codes = QListWidget()
        self.codes.setAccessibleName("Themes")
        for code_id, path in paths:
            item = QListWidgetItem(path)
            item.setData(ID_ROLE, code_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code_id in ticked else Qt.CheckState.Unchecked
            )
            self.codes.addItem(item)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the themes this recommendation speaks to"))
        layout.addWidget(self.codes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def ticked(self) -> list[str]:
        return [
            self.codes.item(i).data(ID_ROLE)
            for i in range(self.codes.count())
            if self.codes.item(i).checkState() == Qt.CheckState.Checked
        ]


class StatusDialog(QDialog):
    """A status entry: status, date, source kind, source and note."""

    def __init__(self, parent, today: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a status")
        self.status_box = QComboBox()
        self.status_box.addItems(list(STATUSES))
        self.status_box.setAccessibleName("Status")
        self.date_edit = QLineEdit(today)
        self.date_edit.setAccessibleName("Date")
        self.kind_box = QComboBox()
        self.kind_box.addItems(list(SOURCE_KINDS))
        self.kind_box.setCurrentText("correspondence")
        self.kind_box.setAccessibleName("Source kind")
        self.source_edit = QLineEdit()
        self.source_edit.setAccessibleName("Source")
        self.source_edit.setPlaceholderText("a web address, or a document's title")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        form = QFormLayout(self)
        form.addRow("Status", self.status_box)
        form.addRow("Date (YYYY-MM-DD)", self.date_edit)
        form.addRow("Source", self.kind_box)
        form.addRow("Web address or document", self.source_edit)
        form.addRow("Note", self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
