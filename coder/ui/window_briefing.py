"""The main window's briefings: Analysis → Briefings… opens the Briefings window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coder.ui.briefing_panel import BriefingDialog
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class BriefingActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.briefings_act = self.action("&Briefings…", self.show_briefings, "Ctrl+Shift+B")
        #: the Briefings window while open (closed with the project it reads)
        self.briefings: BriefingDialog | None = None

    def update_actions(self) -> None:
        self.briefings_act.setEnabled(self.session is not None)

    def closing(self) -> None:
        self.close_briefings()

    def show_briefings(self) -> BriefingDialog | None:
        if self.session is None:
            return None
        if self.briefings is None or self.briefings.session is not self.session:
            self.close_briefings()
            self.briefings = BriefingDialog(self.session, self.window)
        self.briefings.show()
        self.briefings.raise_()
        return self.briefings

    def close_briefings(self) -> None:
        if self.briefings is not None:  # it reads the project being closed
            self.briefings.close()
            self.briefings.deleteLater()
            self.briefings = None
