"""The main window's Team menu: assignments and progress, marking a document's status,
showing or hiding each coder's codings, merging projects, agreement and adjudication."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from coder.project import assignments, coders
from coder.teamwork.distribute import COPY_FOR
from coder.ui.agreement_view import AgreementDialog
from coder.ui.document_data import DocumentData
from coder.ui.merge_dialog import MergeDialog
from coder.ui.session import ProjectSession
from coder.ui.team_commands import status_command
from coder.ui.team_dialogs import AssignDialog, ProgressDialog
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class TeamActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        #: coders whose codings the views leave out (blind coding, adjudication)
        self.hidden_coders: set[str] = set()
        #: each coder's stripes in a column of their own
        self.stripes_by_coder = False
        self.assign_dialog: AssignDialog | None = None
        self.progress_dialog: ProgressDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.agreement: AgreementDialog | None = None
        a = self.action
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
        self.coders_menu = QMenu("&Coders shown", window)
        self.coders_menu.aboutToShow.connect(self._fill_coders_menu)

    def make_menu(self, team: QMenu) -> None:
        for act in self.status_acts.values():
            team.addAction(act)
        team.addSeparator()
        team.addMenu(self.coders_menu)
        team.addAction(self.blind_act)
        team.addAction(self.everyone_act)
        team.addAction(self.side_act)
        team.addSeparator()
        for act in (self.assign_act, self.progress_act, self.merge_act, self.agreement_act):
            team.addAction(act)

    def installed(self, session: ProjectSession) -> None:
        documents = self.window.documents
        assert documents is not None
        documents.statusRequested.connect(lambda d, s: self.mark_status(s, d))
        self.hidden_coders = set()
        self._adopt_copy_coder()

    def filter(self, doc: DocumentData) -> None:
        """Leave out the hidden coders' codings of a document about to be shown."""
        if self.hidden_coders or self.stripes_by_coder:
            doc.hidden_coders = set(self.hidden_coders)
            doc.by_coder = self.stripes_by_coder
            doc.reload_codings()

    def update_actions(self) -> None:
        has, writable = self.session is not None, self.window.writable()
        for act in self.status_acts.values():
            act.setEnabled(writable and self.window.doc is not None)
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
        session = self.session
        name = session.project.meta(COPY_FOR) if session else None
        if session and name and name != session.coder_name:
            session.set_coder_name(name)
            self.status(f"This is {name}'s copy: coding as {name}", 8000)

    # -- status ------------------------------------------------------------------------

    def mark_status(self, status: str, document_id: str | None = None) -> bool:
        """Mark the current coder's progress on a document (the open one by default)."""
        if self.session is None:
            return False
        doc = self.window.doc
        document_id = document_id or (doc.id if doc else None)
        if document_id is None:
            return False
        ok = self.session.push(status_command(self.session, document_id, status))
        if ok:
            label = assignments.STATUS_LABELS[status]
            self.status(f"Marked the document {label}")
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
        self.status("Showing only your codings (blind coding)")

    def show_everyone(self) -> None:
        self.hidden_coders = set()
        self._apply_view_filters()

    def set_stripes_by_coder(self, on: bool) -> None:
        self.stripes_by_coder = on
        self.side_act.setChecked(on)
        self._apply_view_filters()

    def _apply_view_filters(self) -> None:
        doc = self.window.doc
        if doc is not None:
            doc.hidden_coders = set(self.hidden_coders)
            doc.by_coder = self.stripes_by_coder
            self.window.view.refresh_codings()

    # -- dialogs -------------------------------------------------------------------------

    def show_assign(self) -> AssignDialog | None:
        if self.session is None:
            return None
        self.assign_dialog = AssignDialog(self.session, self.window)
        self.assign_dialog.show()
        return self.assign_dialog

    def show_progress(self) -> ProgressDialog | None:
        if self.session is None:
            return None
        self.progress_dialog = ProgressDialog(self.session, self.window)
        self.progress_dialog.show()
        return self.progress_dialog

    def show_merge(self) -> MergeDialog:
        inputs = [str(self.session.project.path)] if self.session else []
        self.merge_dialog = MergeDialog(inputs, self.window)
        self.merge_dialog.merged.connect(self._offer_merged)
        self.merge_dialog.show()
        return self.merge_dialog

    def _offer_merged(self, path: str) -> None:
        self.status(f"Merged into {path}; File → Open to work on it", 10000)

    def show_agreement(self) -> AgreementDialog | None:
        if self.session is None:
            return None
        self.agreement = AgreementDialog(self.session, self.window)
        self.agreement.codingActivated.connect(self.window.go_to_coding)
        self.agreement.side.setChecked(self.stripes_by_coder)
        self.agreement.sideBySide.connect(self.set_stripes_by_coder)
        self.agreement.show()
        return self.agreement
