"""The review panel: the current document's review, its grouping and its attributes, each
attribute with the editor its type needs. Every edit is one undoable command."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec
from coder.coding import reviews
from coder.errors import CoderError
from coder.project import documents
from coder.project import provenance as prov
from coder.ui import commands


class ProvenanceEditor(QWidget):
    """Where the review came from: source URL, repository, dates, publication status."""

    def __init__(self, panel: ReviewPanel) -> None:
        super().__init__()
        self.panel = panel
        self._loading = False
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.repository = QComboBox()
        self.repository.addItems(["", *prov.REPOSITORIES.values()])
        self.retrieved = QLineEdit()
        self.status = QComboBox()
        self.status.addItems(["", *prov.STATUSES.values()])
        self.published = QLineEdit()
        date = QRegularExpressionValidator(QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?"))
        for edit in (self.retrieved, self.published):
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setValidator(date)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # see ReviewPanel
        for label, widget in (
            ("Source URL", self.url),
            ("Repository", self.repository),
            ("Date retrieved", self.retrieved),
            ("Publication status", self.status),
            ("Date published", self.published),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        for edit in (self.url, self.retrieved, self.published):
            edit.editingFinished.connect(self._changed)
        for box in (self.repository, self.status):
            box.currentIndexChanged.connect(self._changed)
            narrow_combo(box)

    def set_value(self, value: prov.Provenance) -> None:
        self._loading = True
        try:
            labels = value.labels()
            self.url.setText(labels["source_url"])
            self.repository.setCurrentIndex(max(0, self.repository.findText(labels["repository"])))
            self.retrieved.setText(labels["retrieved_on"])
            self.status.setCurrentIndex(max(0, self.status.findText(labels["publication_status"])))
            self.published.setText(labels["published_on"])
        finally:
            self._loading = False

    def _changed(self, *_) -> None:
        if self._loading:
            return
        try:
            value = prov.parse(
                self.url.text(),
                self.repository.currentText(),
                self.retrieved.text(),
                self.status.currentText(),
                self.published.text(),
            )
        except CoderError as exc:
            self.panel.session.failed.emit(str(exc))
            return
        self.panel.set_provenance(value)


#: from this width (pixels) an attribute's "not stated" box sits beside its editor
SIDE_BY_SIDE = 260


def narrow_combo(box: QComboBox) -> None:
    """Let a choice box be as narrow as the dock: the list shows the choices in full."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)


class AttributeEditor(QWidget):
    """One attribute's editor and its "not stated" box."""

    def __init__(self, panel: ReviewPanel, spec: AttributeSpec) -> None:
        super().__init__()
        self.panel, self.spec = panel, spec
        self.not_stated = QCheckBox("not stated")
        self.not_stated.setAccessibleName(f"{spec.name}: not stated")
        self.not_stated.toggled.connect(self._changed)
        kind = spec.type
        self.editor: QComboBox | QListWidget | QLineEdit
        if kind in ("choice", "boolean"):
            self.editor = QComboBox()
            self.editor.addItems(["", *(spec.choices if kind == "choice" else ["yes", "no"])])
            narrow_combo(self.editor)
            self.editor.currentIndexChanged.connect(self._changed)
        elif kind == "choices":
            self.editor = choices = QListWidget()
            for choice in spec.choices:
                item = QListWidgetItem(choice)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                choices.addItem(item)
            choices.setMaximumHeight(22 * min(6, len(spec.choices)) + 6)
            choices.itemChanged.connect(self._changed)
        else:
            self.editor = line = QLineEdit()
            if kind == "integer":
                line.setValidator(QIntValidator())
            elif kind == "date":
                line.setPlaceholderText("YYYY, YYYY-MM or YYYY-MM-DD (~ if approximate)")
                line.setValidator(
                    QRegularExpressionValidator(
                        QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?~?")
                    )
                )
            line.editingFinished.connect(self._changed)
        self.editor.setAccessibleName(spec.name)
        if spec.description:
            self.editor.setToolTip(spec.description)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.editor, 1)
        self.row.addWidget(self.not_stated)
        self._loading = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # "not stated" under the editor when the panel is narrow, beside it when there is room
        wide = event.size().width() >= SIDE_BY_SIDE
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != direction:
            self.row.setDirection(direction)

    def set_value(self, value) -> None:
        self._loading = True
        try:
            stated = value is not NOT_STATED_VALUE
            self.not_stated.setChecked(not stated)
            self.editor.setEnabled(stated)
            shown = value if stated else None
            if isinstance(self.editor, QComboBox):
                text = self.spec.format(shown)
                self.editor.setCurrentIndex(max(0, self.editor.findText(text)))
            elif isinstance(self.editor, QListWidget):
                chosen = set(shown or [])
                for i in range(self.editor.count()):
                    item = self.editor.item(i)
                    item.setCheckState(
                        Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked
                    )
            else:
                self.editor.setText(self.spec.format(shown))
        finally:
            self._loading = False

    def value(self):
        if self.not_stated.isChecked():
            return NOT_STATED_VALUE
        if isinstance(self.editor, QListWidget):
            chosen = [
                self.editor.item(i).text()
                for i in range(self.editor.count())
                if self.editor.item(i).checkState() == Qt.CheckState.Checked
            ]
            return chosen or None
        text = (
            self.editor.currentText() if isinstance(self.editor, QComboBox) else self.editor.text()
        )
        return self.spec.parse(text)

    def _changed(self, *_) -> None:
        if self._loading:
            return
        self.editor.setEnabled(not self.not_stated.isChecked())
        try:
            value = self.value()
        except CoderError as exc:
            self.panel.session.failed.emit(str(exc))
            return
        self.panel.set_value(self.spec, value)


class ReviewPanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document_id: str | None = None
        self.review: reviews.Review | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Review name")
        self.name.editingFinished.connect(self._rename)
        self.docs = QLabel()
        self.docs.setWordWrap(True)
        # short labels (the panel works at about 180 px wide); the tooltips say it in full
        self.group_button = QPushButton("Group documents…")
        self.group_button.setToolTip(
            "Group this document with others into one review (an overview report and its "
            "executive summary are one review)"
        )
        self.group_button.clicked.connect(self.group_dialog)
        self.separate_button = QPushButton("Ungroup")
        self.separate_button.setToolTip("Make this document a review of its own")
        for button in (self.group_button, self.separate_button):  # never wider than the dock
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.separate_button.clicked.connect(self.separate)
        # each label above its field: the panel shares the documents dock, which a reader
        # makes narrow (about 180 px) to give the page the width; beside their fields the
        # labels left the fields a few letters wide and the panel scrolled sideways
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editors: dict[str, AttributeEditor] = {}
        inner = QWidget()
        inner.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        top.addRow("Review", self.name)
        top.addRow("Documents", self.docs)
        layout.addLayout(top)
        buttons = QVBoxLayout()  # stacked: the panel stays usable at about 200 px wide
        buttons.addWidget(self.group_button)
        buttons.addWidget(self.separate_button)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Where it came from"))
        self.provenance = ProvenanceEditor(self)
        layout.addWidget(self.provenance)
        layout.addWidget(QLabel("Attributes"))
        layout.addWidget(scroll, 1)
        self._build_editors()
        self.show_document(None)

    def _build_editors(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for spec in reviews.list_attributes(self.session.project):
            editor = AttributeEditor(self, spec)
            self.editors[spec.id] = editor
            label = QLabel(spec.name)
            label.setWordWrap(True)
            label.setToolTip(spec.description)
            self.form.addRow(label, editor)

    def show_document(self, document_id: str | None) -> None:
        self.document_id = document_id
        self.reload()

    def reload(self) -> None:
        if set(self.editors) != {a.id for a in reviews.list_attributes(self.session.project)}:
            self._build_editors()
        project = self.session.project
        try:
            self.review = reviews.review_of(project, self.document_id) if self.document_id else None
        except CoderError:
            self.review = None
        writable = self.review is not None and not self.session.read_only
        for w in (self.name, self.group_button, self.provenance, *self.editors.values()):
            w.setEnabled(writable)
        self.separate_button.setEnabled(
            writable and self.review is not None and len(self.review.document_ids) > 1
        )
        if self.review is None:
            self.name.clear()
            self.docs.setText("Open a document to see its review.")
            self.provenance.set_value(prov.Provenance())
            return
        self.provenance.set_value(prov.get(project, self.review.id))
        self.name.setText(self.review.name)
        titles = [documents.get_document(project, d).title for d in self.review.document_ids]
        self.docs.setText("; ".join(titles))
        values = reviews.attribute_values(project).get(self.review.id, {})
        for attr_id, editor in self.editors.items():
            editor.set_value(values.get(attr_id))

    def set_value(self, spec: AttributeSpec, value) -> bool:
        if self.review is None:
            return False
        return self.session.push(
            commands.set_attribute_command(self.session, self.review.id, spec.id, value, spec.name)
        )

    def set_provenance(self, value: prov.Provenance) -> bool:
        if self.review is None or value == prov.get(self.session.project, self.review.id):
            return False
        return self.session.push(
            commands.set_provenance_command(self.session, self.review.id, value)
        )

    def _rename(self) -> None:
        if self.review and self.name.text().strip() and self.name.text() != self.review.name:
            self.session.push(
                commands.rename_review_command(self.session, self.review.id, self.name.text())
            )

    def separate(self) -> None:
        if self.document_id:
            self.session.push(commands.separate_document_command(self.session, self.document_id))

    def group_dialog(self) -> None:
        if self.document_id is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Group documents into one review")
        listing = QListWidget()
        for doc in documents.list_documents(self.session.project):
            if doc.id == self.document_id:
                continue
            item = QListWidgetItem(doc.title)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            listing.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Put these documents in this document's review:"))
        layout.addWidget(listing)
        layout.addWidget(buttons)
        if dialog.exec():
            chosen = [
                listing.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(listing.count())
                if listing.item(i).checkState() == Qt.CheckState.Checked
            ]
            if chosen:
                self.group([self.document_id, *chosen])

    def group(self, document_ids: list[str]) -> bool:
        return self.session.push(commands.group_documents_command(self.session, document_ids))
