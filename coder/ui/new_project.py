"""The new-project dialog: where, what name, which shipped codebooks and attribute set."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import read_codebook, shipped_codebooks, shipped_dir
from coder.coding.codebooks import load_codebook
from coder.coding.reviews import add_attributes
from coder.errors import CoderError
from coder.project import coders
from coder.project.store import Project


class NewProjectDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.path = QLineEdit(str(Path.home() / "case-reviews.rcproj"))
        self.path.setAccessibleName("Project file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.name = QLineEdit()
        self.name.setAccessibleName("Project name")
        self.name.setPlaceholderText("e.g. DHRs published 2019-2024")
        self.codebooks = QListWidget()
        self.codebooks.setAccessibleName("Codebooks to start with")
        for path in shipped_codebooks():
            try:
                book = read_codebook(path)
            except CoderError:
                continue
            item = QListWidgetItem(f"{book.title} ({len(book.walk())} codes)")
            item.setToolTip(book.source)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if path.stem == "police-learning" else Qt.CheckState.Unchecked
            )
            self.codebooks.addItem(item)
        self.attributes = QCheckBox("Case review attributes (review type, year, force, …)")
        self.attributes.setChecked((shipped_dir() / "review-attributes.yaml").exists())
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("Name", self.name)
        form.addRow("Codebooks", self.codebooks)
        form.addRow("Attributes", self.attributes)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.created: Path | None = None
        self.coder_name = "unknown"

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", self.path.text(), "Review Coder projects (*.rcproj)"
        )
        if path:
            self.path.setText(path if path.endswith(".rcproj") else path + ".rcproj")

    def chosen_codebooks(self) -> list[Path]:
        return [
            Path(self.codebooks.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.codebooks.count())
            if self.codebooks.item(i).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        try:
            self.created = create_project(
                Path(self.path.text()),
                self.name.text().strip(),
                self.chosen_codebooks(),
                self.attributes.isChecked(),
                self.coder_name,
            )
        except CoderError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


def create_project(
    path: Path, name: str, codebooks: list[Path], attributes: bool, coder_name: str
) -> Path:
    """Make a project with the chosen codebooks and attribute set (files read first)."""
    if path.suffix != ".rcproj":
        path = path.with_name(path.name + ".rcproj")
    books = [read_codebook(p) for p in codebooks]
    attr_set = load_attribute_set(shipped_dir() / "review-attributes.yaml") if attributes else None
    with Project.create(path, name=name or None, user=coder_name) as project:
        with project.write():
            coder = coders.ensure_coder(project, coder_name)
        for book in books:
            load_codebook(project, book, coder.id)
        if attr_set is not None:
            add_attributes(project, attr_set, coder.id)
    return path
