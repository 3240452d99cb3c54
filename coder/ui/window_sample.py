"""The main window's Sample menu: the screening queue, duplicate suggestions and the flow
diagram. A mixin of ``MainWindow``."""

from __future__ import annotations

from coder.ui.sample_dialogs import DuplicatesDialog, FlowDialog, ScreeningDialog


class SampleActions:
    def _make_sample_menu(self) -> None:
        a = self._action
        self.screening_act = a("&Screening queue…", self.show_screening, "F8")
        self.duplicates_act = a("&Duplicate suggestions…", self.show_duplicates)
        self.flow_act = a("&Flow diagram…", self.show_flow)
        sample = self.menuBar().addMenu("&Sample")
        for act in (self.screening_act, self.duplicates_act, self.flow_act):
            sample.addAction(act)

    def _update_sample_actions(self) -> None:
        has = self.session is not None
        for act in (self.screening_act, self.duplicates_act, self.flow_act):
            act.setEnabled(has)

    def show_screening(self) -> ScreeningDialog | None:
        if self.session is None:
            return None
        self.screening_dialog = ScreeningDialog(self.session, self)
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
