"""The main window's Team menu: assignments and progress, marking a document's status,
showing or hiding each coder's codings, merging projects, agreement and adjudication.
A mixin of ``MainWindow``."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from coder.project import assignments, coders
from coder.teamwork.distribute import COPY_FOR
from coder.ui.agreement_view import AgreementDialog
from coder.ui.merge_dialog import MergeDialog
from coder.ui.team_commands import status_command
from coder.ui.team_dialogs import AssignDialog, ProgressDialog


class TeamActions:
    hidden_coders: set[str]
    stripes_by_coder: bool

    def _make_team_menu(self) -> None:
        self.hidden_coders = set()
        self.stripes_by_coder = False
        a = self._action
        self.status_acts = {
            status: a(f"Mark document &{label}", lambda _=False, s=status: self.mark_status(s))
            for status, label in assignments.STATUS_LABELS.items()
        }
        self.assign_act = a("&Assign documents…", self.show_assign)
        self.progress_act = a("&Progress…", self.show_progress)
        self.merge_act = a("&Merge projects…", self.show_merge)
        self.agreement_act = a("A&greement and adjudication…", self.show_agreement, "F10")
        self.blind_act = a("Show &only my codings (blind coding)", self.show_only_mine)
        self.everyone_act = a("Show &everyone's codings", self.show_everyone)
        self.side_act = a(
            "Stripes &side by side by coder", self.set_stripes_by_coder, checkable=True
        )
        team = self.menuBar().addMenu("&Team")
        for act in self.status_acts.values():
            team.addAction(act)
        team.addSeparator()
        self.coders_menu = QMenu("&Coders shown", self)
        self.coders_menu.aboutToShow.connect(self._fill_coders_menu)
        team.addMenu(self.coders_menu)
        team.addAction(self.blind_act)
        team.addAction(self.everyone_act)
        team.addAction(self.side_act)
        team.addSeparator()
        for act in (self.assign_act, self.progress_act, self.merge_act, self.agreement_act):
            team.addAction(act)

    def _update_team_actions(self) -> None:
        has = self.session is not None
        writable = has and not self.session.read_only
        for act in self.status_acts.values():
            act.setEnabled(writable and self.doc is not None)
        for act in (self.assign_act,):
            act.setEnabled(writable)
        for act in (
            self.progress_act,
            self.agreement_act,
            self.blind_act,
            self.everyone_act,
            self.side_act,
        ):
            act.setEnabled(has)
        self.coders_menu.setEnabled(has)

    # -- a coder's own copy ------------------------------------------------------------

    def _adopt_copy_coder(self) -> None:
        """A copy made by ``distribute`` is for one coder: code as them in it."""
        name = self.session.project.meta(COPY_FOR) if self.session else None
        if name and name != self.session.coder_name:
            self.session.set_coder_name(name)
            self.statusBar().showMessage(f"This is {name}'s copy: coding as {name}", 8000)

    # -- status ------------------------------------------------------------------------

    def mark_status(self, status: str, document_id: str | None = None) -> bool:
        """Mark the current coder's progress on a document (the open one by default)."""
        if self.session is None:
            return False
        document_id = document_id or (self.doc.id if self.doc else None)
        if document_id is None:
            return False
        ok = self.session.push(status_command(self.session, document_id, status))
        if ok:
            label = assignments.STATUS_LABELS[status]
            self.statusBar().showMessage(f"Marked the document {label}", 5000)
        return ok

    # -- whose codings are shown --------------------------------------------------------

    def _fill_coders_menu(self) -> None:
        self.coders_menu.clear()
        if self.session is None:
            return
        for c in coders.list_coders(self.session.project):
            act = QAction(c.name, self.coders_menu, checkable=True)
            act.setChecked(c.id not in self.hidden_coders)
            act.toggled.connect(lambda on, cid=c.id: self.set_coder_shown(cid, on))
            self.coders_menu.addAction(act)

    def set_coder_shown(self, coder_id: str, shown: bool) -> None:
        (self.hidden_coders.discard if shown else self.hidden_coders.add)(coder_id)
        self._apply_view_filters()

    def show_only_mine(self) -> None:
        if self.session is None:
            return
        mine = coders.find_coder(self.session.project, self.session.coder_name)
        self.hidden_coders = {
            c.id
            for c in coders.list_coders(self.session.project)
            if mine is None or c.id != mine.id
        }
        self._apply_view_filters()
        self.statusBar().showMessage("Showing only your codings (blind coding)", 5000)

    def show_everyone(self) -> None:
        self.hidden_coders = set()
        self._apply_view_filters()

    def set_stripes_by_coder(self, on: bool) -> None:
        self.stripes_by_coder = on
        self.side_act.setChecked(on)
        self._apply_view_filters()

    def _apply_view_filters(self) -> None:
        if self.doc is not None:
            self.doc.hidden_coders = set(self.hidden_coders)
            self.doc.by_coder = self.stripes_by_coder
            self.view.refresh_codings()

    # -- dialogs -------------------------------------------------------------------------

    def show_assign(self) -> AssignDialog | None:
        if self.session is None:
            return None
        self.assign_dialog = AssignDialog(self.session, self)
        self.assign_dialog.show()
        return self.assign_dialog

    def show_progress(self) -> ProgressDialog | None:
        if self.session is None:
            return None
        self.progress_dialog = ProgressDialog(self.session, self)
        self.progress_dialog.show()
        return self.progress_dialog

    def show_merge(self) -> MergeDialog:
        inputs = [str(self.session.project.path)] if self.session else []
        self.merge_dialog = MergeDialog(inputs, self)
        self.merge_dialog.merged.connect(self._offer_merged)
        self.merge_dialog.show()
        return self.merge_dialog

    def _offer_merged(self, path: str) -> None:
        self.statusBar().showMessage(f"Merged into {path}; File → Open to work on it", 10000)

    def show_agreement(self) -> AgreementDialog | None:
        if self.session is None:
            return None
        self.agreement = AgreementDialog(self.session, self)
        self.agreement.codingActivated.connect(self.go_to_coding)
        self.agreement.side.setChecked(self.stripes_by_coder)
        self.agreement.sideBySide.connect(self.set_stripes_by_coder)
        self.agreement.show()
        return self.agreement
