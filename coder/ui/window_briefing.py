"""The main window's briefings: Analysis → Briefings… opens the Briefings window. A mixin
of ``MainWindow``."""

from __future__ import annotations

from coder.ui.briefing_panel import BriefingDialog


class BriefingActions:
    briefings: BriefingDialog | None = None

    def _make_briefing_actions(self) -> None:
        self.briefings_act = self._action("&Briefings…", self.show_briefings, "Ctrl+Shift+B")

    def show_briefings(self) -> BriefingDialog | None:
        if self.session is None:
            return None
        if self.briefings is None or self.briefings.session is not self.session:
            self.close_briefings()
            self.briefings = BriefingDialog(self.session, self)
        self.briefings.show()
        self.briefings.raise_()
        return self.briefings

    def close_briefings(self) -> None:
        if self.briefings is not None:  # it reads the project being closed
            self.briefings.close()
            self.briefings.deleteLater()
            self.briefings = None
