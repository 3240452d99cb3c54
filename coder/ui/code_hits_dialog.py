"""Asking before coding every search hit: how many hits in how many documents, with which
code, and how much of the text around each hit to code (the hit, its sentence or its
paragraph: a phrase alone is rarely a usable excerpt)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coder.text.extent import EXTENTS, Extent

CHOICES = {
    "hit": "the hit only",
    "sentence": "each hit's whole sentence",
    "paragraph": "each hit's whole paragraph",
}


class CodeHitsDialog(QDialog):
    def __init__(
        self, hits: int, documents: int, code_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Code all hits")
        question = QLabel(
            f"Code {hits} hits in {documents} documents with '{code_name}'? "
            "(Edit → Undo takes it back.)"
        )
        question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(QLabel("Code:"))
        self.group = QButtonGroup(self)
        self.buttons: dict[Extent, QRadioButton] = {}
        for n, extent in enumerate(EXTENTS):
            button = QRadioButton(CHOICES[extent])
            button.setAccessibleName(f"Code {CHOICES[extent]}")
            self.group.addButton(button, n)
            self.buttons[extent] = button
            layout.addWidget(button)
        self.buttons["sentence"].setChecked(True)
        note = QLabel(
            "A hit inside a coding of this code by you is skipped (and counted), so "
            "nothing is coded twice."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Code")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.box = box

    def extent(self) -> Extent:
        return EXTENTS[max(0, self.group.checkedId())]
