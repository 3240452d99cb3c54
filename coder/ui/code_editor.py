"""The code editor dock: a code's name, colour and definition fields, saved as one
undoable edit."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coder.ids import CodeId
from coder.project import codes
from coder.ui import commands

FIELDS = (
    ("description", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


class CodeEditor(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.code_id: CodeId | None = None
        self.path = QLabel("Select a code in the codebook.")
        self.path.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setAccessibleName("Code name")
        self.colour = QPushButton()
        self.colour.setAccessibleName("Code colour")
        self.colour.clicked.connect(self._pick_colour)
        self._colour_value = "#888888"
        self.texts: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Colour", self.colour)
        for key, label in FIELDS:
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70 if key != "description" else 100)
            self.texts[key] = edit
            form.addRow(label, edit)
        self.save = QPushButton("Save changes")
        self.save.clicked.connect(self.apply)
        self.revert = QPushButton("Revert")
        self.revert.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.show_code(None)

    def show_code(self, code_id: CodeId | None) -> None:
        self.code_id = code_id
        self.reload()

    def reload(self) -> None:
        code = codes.get_code(self.session.project, self.code_id) if self.code_id else None
        enabled = code is not None and not self.session.read_only
        for w in (self.name, self.colour, self.save, self.revert, *self.texts.values()):
            w.setEnabled(enabled)
        if code is None:
            self.code_id = None
            self.path.setText("Select a code in the codebook.")
            self.name.clear()
            for edit in self.texts.values():
                edit.clear()
            return
        self.path.setText(codes.code_tree(self.session.project).label(code.id))
        self.name.setText(code.name)
        self._set_colour(code.colour)
        for key, edit in self.texts.items():
            edit.setPlainText(getattr(code, key))

    def _set_colour(self, colour: str) -> None:
        self._colour_value = colour
        self.colour.setText(colour)
        self.colour.setStyleSheet(f"background: {colour};")

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour_value), self, "Code colour")
        if chosen.isValid():
            self._set_colour(chosen.name())

    def changed_fields(self) -> dict[str, str]:
        code = codes.get_code(self.session.project, self.code_id) if self.code_id else None
        if code is None:
            return {}
        out = {}
        if self.name.text().strip() != code.name:
            out["name"] = self.name.text().strip()
        if self._colour_value != code.colour:
            out["colour"] = self._colour_value
        for key, edit in self.texts.items():
            if edit.toPlainText().strip() != getattr(code, key):
                out[key] = edit.toPlainText().strip()
        return out

    def apply(self) -> bool:
        """Save every changed field as one undoable edit."""
        fields = self.changed_fields()
        if not fields or self.code_id is None:
            return False
        return self.session.push(
            commands.update_code_command(
                self.session, self.code_id, "Edit code definition", **fields
            )
        )
