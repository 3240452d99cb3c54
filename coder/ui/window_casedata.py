"""The main window's case data: the Case data panel's dock, "Add police contact from
selection" and going to a record's passage. A mixin of ``MainWindow``."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.ui.casedata_panel import CaseDataPanel
from coder.ui.screen_fit import roomy


class CaseDataActions:
    casedata_panel: CaseDataPanel | None

    def _make_casedata_actions(self) -> None:
        self.contact_from_selection_act = self._action(
            "Add police &contact from selection", self.add_contact_from_selection, "Ctrl+Shift+C"
        )

    def _install_casedata(self, session) -> None:
        self.casedata_panel = CaseDataPanel(session)
        self.casedata_panel.passageActivated.connect(self.go_to_passage)
        self.casedata_dock.setWidget(roomy(self.casedata_panel))
        self.casedata_dock.setEnabled(True)

    def add_contact_from_selection(self) -> bool:
        """A police contact of the current review, linked to the selected passage, its date
        and type filled in from it when it gives them."""
        if self.session is None or self.doc is None or self.casedata_panel is None:
            return False
        selection = self.view.selection()
        if selection is None:
            self.statusBar().showMessage(
                "Select the passage that describes the contact first", 5000
            )
            return False
        self.casedata_dock.show()
        self.casedata_dock.raise_()
        return self.casedata_panel.add_contact_from_selection(self.doc.id, *selection) is not None

    def go_to_passage(self, document_id: str, start: int, end: int) -> None:
        if self.doc is None or self.doc.id != document_id:
            self.open_document(document_id)
        self.view.reveal(start, end)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
