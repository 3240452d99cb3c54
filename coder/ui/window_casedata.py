"""The main window's case data: the Case data panel's dock, "Add police contact from
selection" and going to a record's passage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from coder.ui.casedata_panel import CaseDataPanel
from coder.ui.screen_fit import roomy
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class CaseDataActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.contact_from_selection_act = self.action(
            "Add police &contact from selection", self.add_contact_from_selection, "Ctrl+Shift+C"
        )
        #: the Case data panel of the open project
        self.panel: CaseDataPanel | None = None

    def installed(self, session: ProjectSession) -> None:
        self.panel = CaseDataPanel(session)
        self.panel.passageActivated.connect(self.go_to_passage)
        self.window.casedata_dock.setWidget(roomy(self.panel))
        self.window.casedata_dock.setEnabled(True)

    def closing(self) -> None:
        self.panel = None

    def document_opened(self, document_id: str) -> None:
        if self.panel is not None:
            self.panel.show_document(document_id)

    def update_actions(self) -> None:
        self.contact_from_selection_act.setEnabled(self.window.writable())

    def add_contact_from_selection(self) -> bool:
        """A police contact of the current review, linked to the selected passage, its date
        and type filled in from it when it gives them."""
        window = self.window
        if self.session is None or window.doc is None or self.panel is None:
            return False
        selection = window.view.selection()
        if selection is None:
            self.status("Select the passage that describes the contact first")
            return False
        window.casedata_dock.show()
        window.casedata_dock.raise_()
        return self.panel.add_contact_from_selection(window.doc.id, *selection) is not None

    def go_to_passage(self, document_id: str, start: int, end: int) -> None:
        self.window.go_to_range(document_id, start, end)
        self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)
