"""The main window's Sample menu: the screening queue, duplicate suggestions and the flow
diagram. A mixin of ``MainWindow``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from coder.ui.attach_run import AttachRun
from coder.ui.sample_dialogs import (
    DisagreementsDialog,
    DuplicatesDialog,
    FlowDialog,
    ScreeningDialog,
)


class SampleActions:
    def _make_sample_menu(self) -> None:
        a = self._action
        self.attach_act = a("&Attach PDFs to candidates…", self.attach_dialog)
        self.screening_act = a("&Screening queue…", self.show_screening, "F8")
        self.disagreements_act = a("Screening &disagreements…", self.show_disagreements)
        self.duplicates_act = a("D&uplicate suggestions…", self.show_duplicates)
        self.flow_act = a("&Flow diagram…", self.show_flow)
        sample = self.menuBar().addMenu("&Sample")
        for act in (
            self.attach_act,
            self.screening_act,
            self.disagreements_act,
            self.duplicates_act,
            self.flow_act,
        ):
            sample.addAction(act)

    def _update_sample_actions(self) -> None:
        has = self.session is not None
        for act in (self.screening_act, self.disagreements_act, self.duplicates_act, self.flow_act):
            act.setEnabled(has)
        self.attach_act.setEnabled(has and not self.session.read_only)

    def attach_dialog(self) -> None:
        if self.session is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Attach PDFs to candidates", str(Path.home()), "PDF files (*.pdf)"
        )
        if paths:
            self.attach_paths(paths)

    def attach_paths(self, paths: list[str]) -> AttachRun | None:
        if self.session is None or self.session.read_only:
            return None
        run = AttachRun(self.session, self.worker, paths, self)
        run.finished.connect(self._import_finished)
        self.import_run = run
        return run

    def show_disagreements(self) -> DisagreementsDialog | None:
        if self.session is None:
            return None
        self.disagreements_dialog = DisagreementsDialog(self.session, self)
        self.disagreements_dialog.show()
        return self.disagreements_dialog

    def show_screening(self) -> ScreeningDialog | None:
        if self.session is None:
            return None
        self.screening_dialog = ScreeningDialog(self.session, self)
        self.screening_dialog.openDocument.connect(self.open_document)
        self.screening_dialog.show()
        return self.screening_dialog

    def show_duplicates(self) -> DuplicatesDialog | None:
        if self.session is None:
            return None
        self.duplicates_dialog = DuplicatesDialog(self.session, self)
        self.duplicates_dialog.show()
        return self.duplicates_dialog

    def show_flow(self) -> FlowDialog | None:
        if self.session is None:
            return None
        self.flow_dialog = FlowDialog(self.session, self)
        self.flow_dialog.show()
        return self.flow_dialog
