"""The main window's Sample menu: attaching PDFs to candidate reviews, the screening queue,
screening disagreements, duplicate suggestions and the flow diagram."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from coder.ui.attach_run import AttachRun
from coder.ui.sample_dialogs import DuplicatesDialog, FlowDialog
from coder.ui.screening_dialogs import DisagreementsDialog, ScreeningDialog
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from coder.ui.main_window import MainWindow


class SampleActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        a = self.action
        self.attach_act = a("&Attach PDFs to candidates…", self.attach_dialog)
        self.screening_act = a("&Screening queue…", self.show_screening, "F8")
        self.disagreements_act = a("Screening &disagreements…", self.show_disagreements)
        self.duplicates_act = a("D&uplicate suggestions…", self.show_duplicates)
        self.flow_act = a("&Flow diagram…", self.show_flow)
        self.screening_dialog: ScreeningDialog | None = None
        self.disagreements_dialog: DisagreementsDialog | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self.flow_dialog: FlowDialog | None = None

    def menu_actions(self) -> list[QAction]:
        return [
            self.attach_act,
            self.screening_act,
            self.disagreements_act,
            self.duplicates_act,
            self.flow_act,
        ]

    def update_actions(self) -> None:
        has = self.session is not None
        for act in (self.screening_act, self.disagreements_act, self.duplicates_act, self.flow_act):
            act.setEnabled(has)
        self.attach_act.setEnabled(self.window.writable())

    def attach_dialog(self) -> None:
        if self.session is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Attach PDFs to candidates", str(Path.home()), "PDF files (*.pdf)"
        )
        if paths:
            self.attach_paths(paths)

    def attach_paths(self, paths: list[str]) -> AttachRun | None:
        """Import PDFs into the candidate reviews they match (a run like Import PDFs)."""
        session, projects = self.session, self.window.projects
        if session is None or session.read_only:
            return None
        run = AttachRun(session, self.window.worker, paths, self.window)
        run.finished.connect(projects.import_finished)
        projects.import_run = run
        return run

    def show_disagreements(self) -> DisagreementsDialog | None:
        if self.session is None:
            return None
        self.disagreements_dialog = DisagreementsDialog(self.session, self.window)
        self.disagreements_dialog.show()
        return self.disagreements_dialog

    def show_screening(self) -> ScreeningDialog | None:
        if self.session is None:
            return None
        self.screening_dialog = ScreeningDialog(self.session, self.window)
        self.screening_dialog.openDocument.connect(self.window.open_document)
        self.screening_dialog.show()
        return self.screening_dialog

    def show_duplicates(self) -> DuplicatesDialog | None:
        if self.session is None:
            return None
        self.duplicates_dialog = DuplicatesDialog(self.session, self.window)
        self.duplicates_dialog.show()
        return self.duplicates_dialog

    def show_flow(self) -> FlowDialog | None:
        if self.session is None:
            return None
        self.flow_dialog = FlowDialog(self.session, self.window)
        self.flow_dialog.show()
        return self.flow_dialog
