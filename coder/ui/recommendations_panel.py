"""The Recommendations panel: detection's suggestions to accept (as they are or edited) or
reject, one by one or all; the register, filterable, with each recommendation's status
timeline; the recommendations addressed to one force; and the groups of repeated
recommendations side by side, to confirm or split. Every edit is one undoable command."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.recommendation_tables import (
    FILTERS,
    RegisterView,
    filter_options,
    filtered,
    register_view,
    summary,
    theme_names,
)
from coder.errors import CoderError
from coder.project import coders, documents
from coder.project import codes as code_repo
from coder.project import recommendations as repo
from coder.project.recommendations import (
    ADDRESSEE_KINDS,
    SCOPES,
    SOURCE_KINDS,
    STATUSES,
    Addressee,
    Recommendation,
    Suggestion,
)
from coder.project.store import Project
from coder.recommendations import register
from coder.recommendations.cluster import DEFAULT_THRESHOLD
from coder.recommendations.register import Changes, RegisterEdit
from coder.ui.commands import CoreCommand

ID_ROLE = Qt.ItemDataRole.UserRole
_MAX_COLUMN = 220  # pixels: a long addressee list wraps rather than crowding the text
ANY = "(any)"


class RegisterCommand(CoreCommand):
    """One register edit (accept, reject, edit, a status, a group) as one undoable step:
    undo puts the rows as they were before, redo as they were after, same UUIDs."""

    def __init__(self, session, text: str, action: Callable[[], RegisterEdit]) -> None:
        super().__init__(session, text)
        self._action = action
        self.edit: RegisterEdit | None = None

    def do(self):
        self.edit = self._action()
        return self.edit.changes

    def undo_(self):
        assert self.edit is not None
        return register.apply_rows(
            self.session.project, self.edit.before, self.session.coder_id(), f"undo: {self.text()}"
        )

    def redo_(self):
        assert self.edit is not None
        return register.apply_rows(
            self.session.project, self.edit.after, self.session.coder_id(), f"redo: {self.text()}"
        )


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


# -- detection off the GUI thread --------------------------------------------------------------


class DetectJob(QThread):
    """Detection in every document, with its own connection to the project; each document
    is one transaction, and PyMuPDF is used under the app's PDF lock."""

    progressed = Signal(int, int, str)
    done = Signal(int)
    failed = Signal(str)

    def __init__(self, path: str, user: str, pdf_lock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.user, self.pdf_lock = path, user, pdf_lock
        self.cancelled = False

    def run(self) -> None:
        try:
            with Project.open(self.path, user=self.user, shared=True) as project:
                ids = [d.id for d in documents.list_documents(project)]
                found = 0
                for i, doc_id in enumerate(ids):
                    if self.cancelled:
                        break
                    title = documents.get_document(project, doc_id).title
                    self.progressed.emit(i, len(ids), title)
                    with self.pdf_lock:
                        found += len(register.detect_document(project, doc_id).ids)
            self.done.emit(found)
        except CoderError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: one line for the user
            self.failed.emit(f"internal error ({type(exc).__name__}: {exc})")


# -- the panel -------------------------------------------------------------------------------


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(False)
    return t


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]], wide: int) -> None:
    """Rows of (id, cells); column ``wide`` (the text) stretches."""
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, row_id)
            item.setToolTip(value)
            table.setItem(r, c, item)
    # the short columns fit their contents (up to a limit); the text takes the rest
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        if c != wide and table.columnWidth(c) > _MAX_COLUMN:
            table.setColumnWidth(c, _MAX_COLUMN)
    table.horizontalHeader().setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)


def _selected_ids(table: QTableWidget) -> list[str]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    items = [table.item(r, 0) for r in rows]
    return [item.data(ID_ROLE) for item in items if item is not None]


class RecommendationsPanel(QWidget):
    passageActivated = Signal(str, int, int)  # document id, start, end

    def __init__(self, session, pdf_lock=None, selected_coding=None) -> None:
        super().__init__()
        self.session = session
        #: the coding selected on the page (a function the window gives), to link
        self.selected_coding: Callable[[], str | None] = selected_coding or (lambda: None)
        self.pdf_lock = pdf_lock if pdf_lock is not None else threading.Lock()
        self.job: DetectJob | None = None
        self.progress: QProgressDialog | None = None
        self.view: RegisterView | None = None
        self.suggestions: list[Suggestion] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._suggestions_tab(), "Suggestions")
        self.tabs.addTab(self._register_tab(), "Register")
        self.tabs.addTab(self._force_tab(), "By force")
        self.tabs.addTab(self._groups_tab(), "Repeated")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        session.changed.connect(self._changed)
        session.reloaded.connect(self.reload)
        self.reload()

    # -- building ------------------------------------------------------------------------

    def _button(self, text: str, slot, row: QHBoxLayout) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
        return b

    def _suggestions_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        self.detect_btn = self._button("Detect in all documents", self.detect, top)
        self.suggestion_count = QLabel()
        top.addWidget(self.suggestion_count)
        top.addStretch()
        v.addLayout(top)
        self.suggestion_table = _table(["Document", "Label", "Text", "Addressees", "From"])
        self.suggestion_table.setAccessibleName("Suggested recommendations")
        self.suggestion_table.doubleClicked.connect(lambda _: self._go_to_suggestion())
        v.addWidget(self.suggestion_table)
        row = QHBoxLayout()
        self.accept_btn = self._button("Accept", self.accept_selected, row)
        self.edit_accept_btn = self._button("Edit and accept…", self.edit_and_accept, row)
        self.reject_btn = self._button("Reject", self.reject_selected, row)
        row.addStretch()
        self.accept_all_btn = self._button("Accept all", self.accept_all, row)
        self.reject_all_btn = self._button("Reject all", self.reject_all, row)
        v.addLayout(row)
        return w

    def _register_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        filters = QHBoxLayout()
        self.filter_boxes: dict[str, QComboBox] = {}
        for name in FILTERS:
            box = QComboBox()
            box.setAccessibleName(f"Filter by {name}")
            box.setToolTip(f"Only recommendations with this {name}")
            box.currentIndexChanged.connect(lambda _: self._fill_register())
            filters.addWidget(QLabel(name.capitalize()))
            filters.addWidget(box)
            self.filter_boxes[name] = box
        filters.addStretch()
        v.addLayout(filters)
        split = QSplitter(Qt.Orientation.Vertical)
        self.register_table = _table(
            ["Review", "Label", "Text", "Addressees", "Scope", "Status", "Group"]
        )
        self.register_table.setAccessibleName("Recommendations")
        self.register_table.itemSelectionChanged.connect(self._show_timeline)
        self.register_table.doubleClicked.connect(lambda _: self._go_to_record())
        split.addWidget(self.register_table)
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("Status timeline")
        split.addWidget(self.timeline)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        v.addWidget(split)
        row = QHBoxLayout()
        self.status_btn = self._button("Add status…", self.add_status, row)
        self.edit_btn = self._button("Edit…", self.edit_record, row)
        self.themes_btn = self._button("Themes…", self.link_themes, row)
        self.link_btn = self._button("Link the selected coding", self.link_coding, row)
        self.link_btn.setToolTip(
            "Link the coding selected on the page (a finding this recommendation answers)"
        )
        self.delete_btn = self._button("Delete", self.delete_record, row)
        row.addStretch()
        self.register_count = QLabel()
        row.addWidget(self.register_count)
        v.addLayout(row)
        return w

    def _force_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel("Force"))
        self.force_box = QComboBox()
        self.force_box.setAccessibleName("Force")
        self.force_box.currentIndexChanged.connect(lambda _: self._fill_force())
        top.addWidget(self.force_box)
        top.addStretch()
        v.addLayout(top)
        self.force_table = _table(["Review", "Label", "Text", "Status", "Since"])
        self.force_table.setAccessibleName("Recommendations to the force")
        v.addWidget(self.force_table)
        return w

    def _groups_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel("Similarity"))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setAccessibleName("Similarity threshold")
        self.threshold_box.setRange(0.05, 1.0)
        self.threshold_box.setSingleStep(0.05)
        self.threshold_box.setValue(DEFAULT_THRESHOLD)
        self.threshold_box.valueChanged.connect(lambda _: self._fill_groups(recompute=True))
        top.addWidget(self.threshold_box)
        top.addStretch()
        v.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.group_list = QListWidget()
        self.group_list.setAccessibleName("Groups of repeated recommendations")
        self.group_list.currentRowChanged.connect(lambda _: self._fill_members())
        split.addWidget(self.group_list)
        self.member_table = _table(["Review", "Year", "Type", "Label", "Text", "Status"])
        self.member_table.setAccessibleName("Members side by side")
        split.addWidget(self.member_table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        v.addWidget(split)
        row = QHBoxLayout()
        self.confirm_btn = self._button("Confirm group", self.confirm_group, row)
        self.split_btn = self._button("Split selected out", self.split_selected, row)
        self.release_btn = self._button("Unconfirm", self.release_group, row)
        row.addStretch()
        v.addLayout(row)
        return w

    # -- reading ---------------------------------------------------------------------------

    def _changed(self, changes) -> None:
        touches = getattr(changes, "touches", None)
        if touches is None or touches("recommendation") or touches("recommendation_suggestion"):
            self.reload()

    def reload(self) -> None:
        project = self.session.project
        titles = repo.document_titles(project)
        self.suggestions = repo.list_suggestions(project)
        _fill(
            self.suggestion_table,
            [
                (
                    s.id,
                    [
                        titles.get(s.document_id, ""),
                        s.label,
                        s.text,
                        "; ".join(a.label for a in s.addressees),
                        s.origin,
                    ],
                )
                for s in self.suggestions
            ],
            2,
        )
        self.suggestion_count.setText(f"{len(self.suggestions)} suggested")
        self.view = register_view(project, self.threshold_box.value())
        self.themes = theme_names(project)
        options = filter_options(self.view, self.themes)
        for name, box in self.filter_boxes.items():
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem(ANY)
            box.addItems(options[name])
            box.setCurrentText(current if current in options[name] else ANY)
            box.blockSignals(False)
        current_force = self.force_box.currentText()
        self.force_box.blockSignals(True)
        self.force_box.clear()
        self.force_box.addItems(options["force"])
        if current_force in options["force"]:
            self.force_box.setCurrentText(current_force)
        self.force_box.blockSignals(False)
        self._fill_register()
        self._fill_force()
        self._fill_groups()
        self._update_buttons()

    def _record_cells(self, rec: Recommendation) -> list[str]:
        assert self.view is not None
        cluster = self.view.cluster_of[rec.id]
        group = f"{cluster.number} ({len(cluster.members)})" if len(cluster.members) > 1 else ""
        return [
            self.view.review_names.get(rec.review_id, ""),
            rec.label,
            rec.text,
            "; ".join(a.label for a in rec.addressees),
            rec.scope,
            rec.status,
            group,
        ]

    def _fill_register(self) -> None:
        if self.view is None:
            return
        chosen = {
            name: box.currentText()
            for name, box in self.filter_boxes.items()
            if box.currentText() not in ("", ANY)
        }
        shown = filtered(self.view, self.themes, chosen)
        _fill(self.register_table, [(r.id, self._record_cells(r)) for r in shown], 2)
        self.register_count.setText(f"{len(shown)} of {len(self.view.recs)} recommendations")
        self._show_timeline()

    def _fill_force(self) -> None:
        if self.view is None:
            return
        force = self.force_box.currentText()
        rows = []
        for rec in self.view.recs:
            if any(a.kind == "force" and a.name == force for a in rec.addressees):
                since = rec.statuses[-1].date if rec.statuses else ""
                rows.append(
                    (
                        rec.id,
                        [
                            self.view.review_names.get(rec.review_id, ""),
                            rec.label,
                            rec.text,
                            rec.status,
                            since,
                        ],
                    )
                )
        _fill(self.force_table, rows, 2)

    def _fill_groups(self, recompute: bool = False) -> None:
        if recompute:
            self.view = register_view(self.session.project, self.threshold_box.value())
        if self.view is None:
            return
        row = self.group_list.currentRow()
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for cluster in self.view.clusters:
            if len(cluster.members) < 2 and not cluster.confirmed_id:
                continue
            mark = " (confirmed)" if cluster.confirmed_id else ""
            item = QListWidgetItem(f"Group {cluster.number}{mark}: {summary(self.view, cluster)}")
            item.setData(ID_ROLE, cluster.number)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        if self.group_list.count():
            self.group_list.setCurrentRow(min(max(row, 0), self.group_list.count() - 1))
        self._fill_members()

    def _current_cluster(self):
        item = self.group_list.currentItem()
        if item is None or self.view is None:
            return None
        number = item.data(ID_ROLE)
        return next((c for c in self.view.clusters if c.number == number), None)

    def _fill_members(self) -> None:
        cluster = self._current_cluster()
        if cluster is None or self.view is None:
            _fill(self.member_table, [], 4)
            return
        by_id = {r.id: r for r in self.view.recs}
        rows = []
        for m in cluster.members:
            rec = by_id[m]
            rows.append(
                (
                    rec.id,
                    [
                        self.view.review_names.get(rec.review_id, ""),
                        self.view.years.get(rec.review_id, ""),
                        self.view.types.get(rec.review_id, ""),
                        rec.label,
                        rec.text,
                        rec.status,
                    ],
                )
            )
        _fill(self.member_table, rows, 4)

    def _show_timeline(self) -> None:
        self.timeline.clear()
        ids = _selected_ids(self.register_table)
        if len(ids) != 1:
            return
        rec = repo.get_recommendation(self.session.project, ids[0])
        if rec is None:
            return
        names: dict[str, str] = {c.id: c.name for c in coders.list_coders(self.session.project)}
        if not rec.statuses:
            self.timeline.addItem("not known (no status recorded)")
        for e in rec.statuses:
            source = e.source_kind if not e.source else f"{e.source_kind}: {e.source}"
            who = names.get(e.recorded_by, "") if e.recorded_by else ""
            text = f"{e.date}  {e.status}  ({source})"
            if e.note:
                text += f"  {e.note}"
            if who:
                text += f"  recorded by {who}"
            self.timeline.addItem(text)

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        for b in (
            self.detect_btn,
            self.accept_btn,
            self.edit_accept_btn,
            self.reject_btn,
            self.accept_all_btn,
            self.reject_all_btn,
            self.status_btn,
            self.edit_btn,
            self.themes_btn,
            self.link_btn,
            self.delete_btn,
            self.confirm_btn,
            self.split_btn,
            self.release_btn,
        ):
            b.setEnabled(writable)

    # -- acting ----------------------------------------------------------------------------

    def _push(self, text: str, action: Callable[[], RegisterEdit]) -> bool:
        return self.session.push(RegisterCommand(self.session, text, action))

    def _coder(self):
        return self.session.coder_id()

    def _need(self, ids: list[str], what: str) -> bool:
        if not ids:
            self.session.failed.emit(f"Select {what} first")
            return False
        return True

    def accept_selected(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if self._need(ids, "a suggestion"):
            n = len(ids)
            self._push(
                f"accept {n} suggestion{'s' * (n != 1)}",
                lambda: register.accept(self.session.project, ids, self._coder()),
            )

    def accept_all(self) -> None:
        ids = [s.id for s in self.suggestions]
        if self._need(ids, "a document with suggestions (detect first)"):
            self._push(
                f"accept all {len(ids)} suggestions",
                lambda: register.accept(self.session.project, ids, self._coder()),
            )

    def reject_selected(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if self._need(ids, "a suggestion"):
            n = len(ids)
            self._push(
                f"reject {n} suggestion{'s' * (n != 1)}",
                lambda: register.reject(self.session.project, ids, self._coder()),
            )

    def reject_all(self) -> None:
        ids = [s.id for s in self.suggestions]
        if self._need(ids, "a document with suggestions (detect first)"):
            self._push(
                f"reject all {len(ids)} suggestions",
                lambda: register.reject(self.session.project, ids, self._coder()),
            )

    def edit_and_accept(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if not self._need(ids, "a suggestion"):
            return
        s = next(s for s in self.suggestions if s.id == ids[0])
        dialog = RecommendationDialog(
            self, "Edit and accept", s.label, s.text, s.scope, s.addressees
        )
        if not dialog.exec():
            return
        try:
            who = parse_addressees(dialog.addressee_edit.toPlainText())
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return
        change = Changes(
            dialog.label_edit.text(),
            dialog.text_edit.toPlainText(),
            who,
            dialog.scope_box.currentText(),
        )
        self._push(
            f"accept {change.label or s.label} (edited)",
            lambda: register.accept(self.session.project, [s.id], self._coder(), {s.id: change}),
        )

    def edit_record(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self._need(ids, "a recommendation"):
            return
        rec = repo.get_recommendation(self.session.project, ids[0])
        if rec is None:
            return
        dialog = RecommendationDialog(
            self, "Edit recommendation", rec.label, rec.text, rec.scope, rec.addressees
        )
        if not dialog.exec():
            return
        try:
            who = parse_addressees(dialog.addressee_edit.toPlainText())
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return
        fields = {
            "label": dialog.label_edit.text(),
            "text": dialog.text_edit.toPlainText(),
            "scope": dialog.scope_box.currentText(),
        }
        self._push(
            f"edit {rec.label}",
            lambda: register.update_recommendation(
                self.session.project, rec.id, self._coder(), fields, addressees=who
            ),
        )

    def link_themes(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self._need(ids, "a recommendation"):
            return
        project = self.session.project
        rec = repo.get_recommendation(project, ids[0])
        if rec is None:
            return
        tree = code_repo.code_tree(project)
        paths = sorted(
            ((c.id, tree.path(c.id)) for c in code_repo.list_codes(project)),
            key=lambda pair: pair[1].casefold(),
        )
        dialog = ThemesDialog(self, paths, set(rec.code_ids))
        if not dialog.exec():
            return
        chosen = dialog.ticked()
        self._push(
            f"themes of {rec.label}",
            lambda: register.update_recommendation(project, rec.id, self._coder(), code_ids=chosen),
        )

    def link_coding(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self._need(ids, "a recommendation"):
            return
        coding_id = self.selected_coding()
        if coding_id is None:
            self.session.failed.emit("Click the coding on the page first, then link it")
            return
        project = self.session.project
        rec = repo.get_recommendation(project, ids[0])
        if rec is None:
            return
        if coding_id in rec.coding_ids:
            self.session.failed.emit("That coding is linked already")
            return
        linked = [*rec.coding_ids, coding_id]
        self._push(
            f"link a coding to {rec.label}",
            lambda: register.update_recommendation(
                project, rec.id, self._coder(), coding_ids=linked
            ),
        )

    def delete_record(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self._need(ids, "a recommendation"):
            return
        rec_id = ids[0]
        self._push(
            "delete recommendation",
            lambda: register.delete_recommendation(self.session.project, rec_id, self._coder()),
        )

    def add_status(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self._need(ids, "a recommendation"):
            return
        from datetime import date

        dialog = StatusDialog(self, date.today().isoformat())
        if not dialog.exec():
            return
        project = self.session.project

        def action() -> RegisterEdit:
            entries = [
                register.new_status(
                    project,
                    rec_id,
                    dialog.status_box.currentText(),
                    dialog.date_edit.text(),
                    dialog.kind_box.currentText(),
                    dialog.source_edit.text(),
                    dialog.note_edit.text(),
                    self._coder(),
                )
                for rec_id in ids
            ]
            return register.add_statuses(project, entries, self._coder())

        self._push(f"status {dialog.status_box.currentText()}", action)

    def confirm_group(self) -> None:
        cluster = self._current_cluster()
        if cluster is None:
            self.session.failed.emit("Select a group first")
            return
        members = list(cluster.members)
        self._push(
            f"confirm group {cluster.number}",
            lambda: register.confirm_group(self.session.project, members, self._coder()),
        )

    def split_selected(self) -> None:
        ids = _selected_ids(self.member_table)
        if self._need(ids, "the members to split out"):
            self._push(
                "split out of the group",
                lambda: register.confirm_group(self.session.project, ids, self._coder()),
            )

    def release_group(self) -> None:
        cluster = self._current_cluster()
        if cluster is None or not cluster.confirmed_id:
            self.session.failed.emit("Select a confirmed group first")
            return
        members = list(cluster.members)
        self._push(
            f"unconfirm group {cluster.number}",
            lambda: register.release_group(self.session.project, members, self._coder()),
        )

    def _go_to_suggestion(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        s = next((s for s in self.suggestions if ids and s.id == ids[0]), None)
        if s is not None:
            self.passageActivated.emit(s.document_id, s.char_start, s.char_end)

    def _go_to_record(self) -> None:
        ids = _selected_ids(self.register_table)
        rec = repo.get_recommendation(self.session.project, ids[0]) if ids else None
        if rec is not None and rec.document_id is not None and rec.char_start is not None:
            assert rec.char_end is not None
            self.passageActivated.emit(rec.document_id, rec.char_start, rec.char_end)

    # -- detection -------------------------------------------------------------------------

    def detect(self) -> None:
        if self.job is not None:
            return
        self.job = DetectJob(
            str(self.session.project.path), self.session.coder_name, self.pdf_lock, self
        )
        self.progress = QProgressDialog("Detecting recommendations…", "Cancel", 0, 0, self)
        self.progress.setWindowTitle("Detect recommendations")
        self.progress.setMinimumDuration(500)
        self.progress.canceled.connect(self._cancel)
        self.job.progressed.connect(self._progressed)
        self.job.done.connect(self._detected)
        self.job.failed.connect(self._detect_failed)
        self.job.start()

    def _progressed(self, done: int, total: int, title: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Detecting recommendations in {title}…")

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancelled = True

    def _finish_job(self) -> None:
        if self.job is not None:
            self.job.wait()
            self.job.deleteLater()
            self.job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _detected(self, found: int) -> None:
        self._finish_job()
        self.session.check_external_changes()
        self.reload()
        self.tabs.setCurrentIndex(0)
        self.session.failed.emit(f"{found} recommendations suggested")

    def _detect_failed(self, message: str) -> None:
        self._finish_job()
        self.session.failed.emit(message)

    def shutdown(self) -> None:
        """Stop a detection under way (the project is closing)."""
        if self.job is not None:
            self.job.cancelled = True
            self._finish_job()
