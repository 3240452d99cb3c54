"""The Case data panel: the current review's people, relationships and police contacts
(a chronology sortable by date), an editor per field type for the selected record, and
the passages it comes from. Every edit is one undoable command."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.codebook.case_schema import CaseKind, FieldSpec, load_case_schema
from coder.codebook.files import shipped_dir
from coder.coding import casedata, reviews
from coder.errors import CoderError
from coder.project import casedata as repo
from coder.project import documents
from coder.project.casedata import CaseRecord
from coder.ui.casedata_model import ID_ROLE, SORT_ROLE, CaseRecordsModel
from coder.ui.commands import EditCommand
from coder.ui.person_editor import FieldSink, PersonEditor
from coder.ui.review_panel import AttributeEditor

TAB_TITLES = {"person": "People", "relationship": "Relationships", "police contact": "Contacts"}


class CaseDataPanel(QWidget):
    passageActivated = Signal(str, int, int)  # document id, start, end

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document_id: str | None = None
        self.review: reviews.Review | None = None
        self.kinds: list[CaseKind] = []
        self.models: dict[str, CaseRecordsModel] = {}
        self.tables: dict[str, QTableView] = {}
        self.proxies: dict[str, QSortFilterProxyModel] = {}
        self.editors: dict[str, AttributeEditor | PersonEditor] = {}
        self.records: dict[str, CaseRecord] = {}
        self.selected: str | None = None
        self._shown: str | None = None  # the record the editors show
        self._sink = FieldSink(self)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.load_button = QPushButton(
            "Load the case-data schema (people, relationships, contacts)"
        )
        self.load_button.clicked.connect(self.load_shipped_schema)
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(lambda _: self._tab_changed())
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_record)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_record)
        self.form = QFormLayout()
        # the dock is narrow: each field's name above its editor
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        inner = QWidget()
        inner.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.passages = QListWidget()
        self.passages.setAccessibleName("Passages")
        self.passages.setWordWrap(True)
        self.passages.itemActivated.connect(self._jump_item)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        records = QWidget()
        top = QVBoxLayout(records)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.tabs, 1)
        top.addLayout(buttons)
        record = QWidget()
        middle = QVBoxLayout(record)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(QLabel("Selected record"))
        middle.addWidget(scroll, 1)
        linked = QWidget()
        bottom = QVBoxLayout(linked)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(QLabel("Passages (double-click to go there)"))
        bottom.addWidget(self.passages, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (records, record, linked):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([300, 240, 70])  # the records first; drag to change
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.load_button)
        layout.addWidget(self.splitter, 1)
        self._build()
        self.show_document(None)
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self.reload)

    def _on_changed(self, changes) -> None:
        kinds = (casedata.ENTITY, "review", repo.KINDS.entity, repo.FIELDS.entity)
        if any(changes.touches(kind) for kind in kinds):
            # later, not now: the change may come from a field editor's own signal, and
            # rebuilding the editors inside it would delete the widget sending it
            self._reload_timer.start()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        schema = repo.project_schema(self.session.project)
        self.kinds = schema.kinds
        self.tabs.blockSignals(True)
        self.tabs.clear()
        self.models, self.tables, self.proxies = {}, {}, {}
        for kind in self.kinds:
            model = CaseRecordsModel(kind, self)
            proxy = QSortFilterProxyModel(self)
            proxy.setSourceModel(model)
            proxy.setSortRole(SORT_ROLE)
            table = QTableView()
            table.setModel(proxy)
            table.setAccessibleName(TAB_TITLES.get(kind.name, kind.name))
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSortingEnabled(True)
            table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's own order
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.horizontalHeader().setStretchLastSection(True)
            table.verticalHeader().hide()
            table.setWordWrap(False)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
            table.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, t=table: self._row_changed(t, cur)
            )
            table.clicked.connect(lambda index, t=table: self._clicked(t, index))
            self.models[kind.id] = model
            self.proxies[kind.id] = proxy
            self.tables[kind.id] = table
            self.tabs.addTab(table, TAB_TITLES.get(kind.name, kind.name.capitalize()))
        self.tabs.blockSignals(False)
        self.load_button.setVisible(not self.kinds)
        shown = self.current_kind()
        self.add_button.setText(f"Add {shown.name}" if shown else "Add")

    def current_kind(self) -> CaseKind | None:
        index = self.tabs.currentIndex()
        return self.kinds[index] if 0 <= index < len(self.kinds) else None

    def show_kind(self, name: str) -> None:
        for i, kind in enumerate(self.kinds):
            if kind.name == name:
                self.tabs.setCurrentIndex(i)

    # -- showing -------------------------------------------------------------------------

    def show_document(self, document_id: str | None) -> None:
        self.document_id = document_id
        self.reload()

    def reload(self) -> None:
        project = self.session.project
        if repo.project_schema(project).kinds != self.kinds:  # loaded, undone, new choices
            self._build()
        try:
            self.review = reviews.review_of(project, self.document_id) if self.document_id else None
        except CoderError:
            self.review = None
        writable = self.review is not None and not self.session.read_only and bool(self.kinds)
        self.add_button.setEnabled(writable)
        self.load_button.setEnabled(not self.session.read_only)
        if self.review is None:
            self.title.setText("Open a document to see its review's case data.")
            for model in self.models.values():
                model.set_records([], {})
            self._show_record(None)
            return
        self.title.setText(f"Case data of {self.review.name}")
        schema = repo.project_schema(project)
        records = repo.list_records(project, self.review.id)
        self.records = {r.id: r for r in records}
        labels = casedata.person_labels(schema, records)
        for kind in self.kinds:
            mine = [r for r in records if r.kind_id == kind.id]
            if kind.name == casedata.CONTACT_KIND:
                mine = casedata.chronology(schema, mine)
            self.models[kind.id].set_records(mine, labels)
        if self.selected in self.records:
            self.select(self.selected, jump=False)
        else:
            self._show_record(None)

    def select(self, record_id: str, jump: bool = False) -> None:
        """Show a record: its tab, its row and its fields."""
        record = self.records.get(record_id)
        if record is None:
            return
        for i, kind in enumerate(self.kinds):
            if kind.id == record.kind_id:
                self.tabs.blockSignals(True)
                self.tabs.setCurrentIndex(i)
                self.tabs.blockSignals(False)
                table = self.tables[kind.id]
                proxy = self.proxies[kind.id]
                source = self.models[kind.id].index(self.models[kind.id].row_of(record_id), 0)
                row = proxy.mapFromSource(source)
                table.blockSignals(True)
                table.selectionModel().blockSignals(True)
                table.selectRow(row.row())
                table.selectionModel().blockSignals(False)
                table.blockSignals(False)
                table.scrollTo(row)
                self.add_button.setText(f"Add {kind.name}")
        self._show_record(record_id)
        if jump:
            self.jump(record_id)

    def _row_changed(self, table: QTableView, current) -> None:
        if current.isValid():
            self._show_record(current.data(ID_ROLE))

    def _clicked(self, table: QTableView, index) -> None:
        """Clicking a record shows it and jumps to its first passage."""
        if index.isValid():
            record_id = index.data(ID_ROLE)
            self._show_record(record_id)
            self.jump(record_id)

    def _tab_changed(self) -> None:
        kind = self.current_kind()
        self.add_button.setText(f"Add {kind.name}" if kind else "Add")
        index = self.tables[kind.id].currentIndex() if kind else None
        self._show_record(index.data(ID_ROLE) if index is not None and index.isValid() else None)

    def _show_record(self, record_id: str | None) -> None:
        self.selected = record_id
        record = self.records.get(record_id) if record_id else None
        self.delete_button.setEnabled(record is not None and not self.session.read_only)
        if record is not None and record_id == self._shown and self.editors:
            self._refresh_editors(record)  # the same record: its editors keep focus and place
            return
        while self.form.rowCount():
            row = self.form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        self.editors = {}
        self._shown = record_id if record is not None else None
        self.passages.clear()
        if record is None:
            return
        kind = next(k for k in self.kinds if k.id == record.kind_id)
        persons = self._persons()
        for spec in kind.fields:
            editor: AttributeEditor | PersonEditor
            if spec.is_reference:
                editor = PersonEditor(self._sink, spec)
                editor.set_persons(
                    [p for p in persons if p[0] != record.id], record.values.get(spec.id)
                )
            else:
                editor = AttributeEditor(self._sink, spec)  # type: ignore[arg-type]
                editor.set_value(record.values.get(spec.id))
                if isinstance(editor.editor, QComboBox):  # long choices must not widen the dock
                    editor.editor.setSizeAdjustPolicy(
                        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                    )
                    editor.editor.setMinimumContentsLength(12)
            editor.setEnabled(not self.session.read_only)
            self.editors[spec.id] = editor
            label = QLabel(spec.name)
            label.setToolTip(spec.description)
            self.form.addRow(label, editor)
        self._fill_passages(record)

    def _refresh_editors(self, record: CaseRecord) -> None:
        persons = [p for p in self._persons() if p[0] != record.id]
        for field_id, editor in self.editors.items():
            if isinstance(editor, PersonEditor):
                editor.set_persons(persons, record.values.get(field_id))
            else:
                editor.set_value(record.values.get(field_id))
        self.passages.clear()
        self._fill_passages(record)

    def _fill_passages(self, record: CaseRecord) -> None:
        titles = documents.titles(self.session.project)
        for link in record.links:
            item = QListWidgetItem(
                f"{titles.get(link.document_id, '')}, p. {link.page}: {link.quote}"
            )
            item.setData(
                Qt.ItemDataRole.UserRole, (link.document_id, link.char_start, link.char_end)
            )
            self.passages.addItem(item)

    def _persons(self) -> list[tuple[str, str]]:
        schema = repo.project_schema(self.session.project)
        person = schema.kind("person")
        records = list(self.records.values())
        labels = casedata.person_labels(schema, records)
        return [(r.id, labels[r.id]) for r in records if person and r.kind_id == person.id]

    # -- going to passages -----------------------------------------------------------------

    def jump(self, record_id: str) -> None:
        record = self.records.get(record_id)
        if record and record.links:
            link = record.links[0]
            self.passageActivated.emit(link.document_id, link.char_start, link.char_end)

    def _jump_item(self, item: QListWidgetItem) -> None:
        document_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        self.passageActivated.emit(document_id, start, end)

    # -- edits -------------------------------------------------------------------------------

    def _push(self, text: str, action) -> EditCommand | None:
        command = EditCommand(self.session, text, action)
        return command if self.session.push(command) else None

    def load_shipped_schema(self) -> bool:
        try:
            schema = load_case_schema(shipped_dir() / "case-data.yaml")
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return False
        command = self._push(
            "Load the case-data schema",
            lambda: casedata.load_schema(self.session.project, schema, self.session.coder_id()),
        )
        if command is None:
            return False
        self.session.failed.emit("; ".join(line.strip() for line in command.result.lines()))
        self.reload()
        return True

    def add_record(self) -> bool:
        kind = self.current_kind()
        if kind is None or self.review is None:
            return False
        review_id = self.review.id
        command = self._push(
            f"add {kind.name}",
            lambda: casedata.add_record(
                self.session.project, review_id, kind.id, {}, self.session.coder_id()
            ),
        )
        if command is None or command.edit is None:
            return False
        self.reload()
        self.select(command.result.record_id)
        return True

    def delete_record(self) -> bool:
        record_id = self.selected
        if record_id is None:
            return False
        return (
            self._push(
                "delete case record",
                lambda: casedata.delete_record(
                    self.session.project, record_id, self.session.coder_id()
                ),
            )
            is not None
        )

    def set_field(self, spec: FieldSpec, value: Any) -> bool:
        record_id = self.selected
        if record_id is None:
            return False
        record = self.records.get(record_id)
        if record is not None and record.values.get(spec.id) == value:
            return False  # nothing changed (an editor losing focus)
        return (
            self._push(
                f"set {spec.name}",
                lambda: casedata.set_value(
                    self.session.project, record_id, spec.id, value, self.session.coder_id()
                ),
            )
            is not None
        )

    def add_contact_from_selection(self, document_id: str, start: int, end: int) -> str | None:
        """A police contact linked to the selected passage; returns its id."""
        command = self._push(
            "add police contact from selection",
            lambda: casedata.contact_from_selection(
                self.session.project, document_id, start, end, self.session.coder_id()
            ),
        )
        if command is None or command.edit is None:
            return None
        self.reload()
        self.select(command.result.record_id)
        return command.result.record_id
