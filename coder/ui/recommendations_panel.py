"""The Recommendations panel: detection's suggestions to accept (as they are or edited) or
reject, one by one or all; the register, filterable, with each recommendation's status
timeline; the recommendations addressed to one force; and the groups of repeated
recommendations side by side, to confirm or split. Every edit is one undoable command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
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
    theme_names,
)
from coder.errors import CoderError
from coder.project import coders
from coder.project import codes as code_repo
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.edit import Edit
from coder.project.recommendation_suggestions import Suggestion
from coder.project.recommendations import Recommendation
from coder.recommendations import register, suggestions
from coder.recommendations.suggestions import Amendment
from coder.ui.commands import EditCommand
from coder.ui.recommendation_dialogs import (
    RecommendationDialog,
    StatusDialog,
    ThemesDialog,
    parse_addressees,
)
from coder.ui.recommendation_views import ForceTab, GroupsTab
from coder.ui.recommendation_work import (
    ANY,
    Detection,
    DetectJob,
    _fill,
    _selected_ids,
    _table,
)


class RecommendationsPanel(QWidget):
    passageActivated = Signal(str, int, int)  # document id, start, end

    def __init__(self, session, selected_coding=None) -> None:
        super().__init__()
        self.session = session
        #: the coding selected on the page (a function the window gives), to link
        self.selected_coding: Callable[[], str | None] = selected_coding or (lambda: None)
        self.detection = Detection(self)
        self.view: RegisterView | None = None
        self.suggestions: list[Suggestion] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._suggestions_tab(), "Suggestions")
        self.tabs.addTab(self._register_tab(), "Register")
        self.by_force = ForceTab(self)
        self.groups = GroupsTab(self)
        self.tabs.addTab(self.by_force, "By force")
        self.tabs.addTab(self.groups, "Repeated")
        # the tabs' widgets, as the panel's (tests and the window reach them here)
        self.force_box, self.force_table = self.by_force.force_box, self.by_force.force_table
        self.threshold_box, self.group_list = self.groups.threshold_box, self.groups.group_list
        self.member_table, self.split_btn = self.groups.member_table, self.groups.split_btn
        self.confirm_btn, self.release_btn = self.groups.confirm_btn, self.groups.release_btn
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

    # -- reading ---------------------------------------------------------------------------

    def _changed(self, changes) -> None:
        touches = getattr(changes, "touches", None)
        if touches is None or touches("recommendation") or touches("recommendation_suggestion"):
            self.reload()

    def reload(self) -> None:
        project = self.session.project
        titles = repo.document_titles(project)
        self.suggestions = found_repo.list_suggestions(project)
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
        self.view = register_view(project, self.groups.threshold_box.value())
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
        self.by_force.set_forces(options["force"])
        self._fill_register()
        self.by_force.fill()
        self.groups.fill()
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

    def push(self, text: str, action: Callable[[], Edit]) -> bool:
        return self.session.push(EditCommand(self.session, text, action))

    def coder(self):
        return self.session.coder_id()

    def need(self, ids: list[str], what: str) -> bool:
        if not ids:
            self.session.failed.emit(f"Select {what} first")
            return False
        return True

    def accept_selected(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if self.need(ids, "a suggestion"):
            n = len(ids)
            self.push(
                f"accept {n} suggestion{'s' * (n != 1)}",
                lambda: suggestions.accept(self.session.project, ids, self.coder()),
            )

    def accept_all(self) -> None:
        ids = [s.id for s in self.suggestions]
        if self.need(ids, "a document with suggestions (detect first)"):
            self.push(
                f"accept all {len(ids)} suggestions",
                lambda: suggestions.accept(self.session.project, ids, self.coder()),
            )

    def reject_selected(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if self.need(ids, "a suggestion"):
            n = len(ids)
            self.push(
                f"reject {n} suggestion{'s' * (n != 1)}",
                lambda: suggestions.reject(self.session.project, ids, self.coder()),
            )

    def reject_all(self) -> None:
        ids = [s.id for s in self.suggestions]
        if self.need(ids, "a document with suggestions (detect first)"):
            self.push(
                f"reject all {len(ids)} suggestions",
                lambda: suggestions.reject(self.session.project, ids, self.coder()),
            )

    def edit_and_accept(self) -> None:
        ids = _selected_ids(self.suggestion_table)
        if not self.need(ids, "a suggestion"):
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
        change = Amendment(
            dialog.label_edit.text(),
            dialog.text_edit.toPlainText(),
            who,
            dialog.scope_box.currentText(),
        )
        self.push(
            f"accept {change.label or s.label} (edited)",
            lambda: suggestions.accept(self.session.project, [s.id], self.coder(), {s.id: change}),
        )

    def edit_record(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self.need(ids, "a recommendation"):
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
        self.push(
            f"edit {rec.label}",
            lambda: register.update_recommendation(
                self.session.project, rec.id, self.coder(), fields, addressees=who
            ),
        )

    def link_themes(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self.need(ids, "a recommendation"):
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
        self.push(
            f"themes of {rec.label}",
            lambda: register.update_recommendation(project, rec.id, self.coder(), code_ids=chosen),
        )

    def link_coding(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self.need(ids, "a recommendation"):
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
        self.push(
            f"link a coding to {rec.label}",
            lambda: register.update_recommendation(
                project, rec.id, self.coder(), coding_ids=linked
            ),
        )

    def delete_record(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self.need(ids, "a recommendation"):
            return
        rec_id = ids[0]
        self.push(
            "delete recommendation",
            lambda: register.delete_recommendation(self.session.project, rec_id, self.coder()),
        )

    def add_status(self) -> None:
        ids = _selected_ids(self.register_table)
        if not self.need(ids, "a recommendation"):
            return
        from datetime import date

        dialog = StatusDialog(self, date.today().isoformat())
        if not dialog.exec():
            return
        project = self.session.project

        def action() -> Edit:
            entries = [
                register.new_status(
                    project,
                    rec_id,
                    dialog.status_box.currentText(),
                    dialog.date_edit.text(),
                    dialog.kind_box.currentText(),
                    dialog.source_edit.text(),
                    dialog.note_edit.text(),
                    self.coder(),
                )
                for rec_id in ids
            ]
            return register.add_statuses(project, entries, self.coder())

        self.push(f"status {dialog.status_box.currentText()}", action)

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

    @property
    def job(self) -> DetectJob | None:
        return self.detection.job

    def detect(self) -> None:
        self.detection.start()

    def detected(self, found: int) -> None:
        self.session.check_external_changes()
        self.reload()
        self.tabs.setCurrentIndex(0)
        self.session.failed.emit(f"{found} recommendations suggested")

    def shutdown(self) -> None:
        """Stop a detection under way (the project is closing)."""
        self.detection.stop()
