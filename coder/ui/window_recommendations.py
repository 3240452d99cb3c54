"""The main window's recommendations register: its dock, Analysis → Recommendations
register and Detect recommendations, and going to a recommendation's passage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from coder.ui.recommendations_panel import RecommendationsPanel
from coder.ui.screen_fit import roomy
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class RecommendationActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.recommendations_act = self.action(
            "&Recommendations register", self.show_register, "Ctrl+Shift+R"
        )
        self.detect_act = self.action("&Detect recommendations in all documents", self.detect)
        #: the Recommendations panel of the open project
        self.panel: RecommendationsPanel | None = None

    def menu_actions(self) -> tuple[QAction, ...]:
        return (self.recommendations_act, self.detect_act)

    def installed(self, session: ProjectSession) -> None:
        window = self.window
        self.panel = RecommendationsPanel(session, lambda: window.view.selected_coding)
        self.panel.passageActivated.connect(self.go_to_passage)
        window.recommendations_dock.setWidget(roomy(self.panel))
        window.recommendations_dock.setEnabled(True)

    def closing(self) -> None:
        if self.panel is not None:
            self.panel.shutdown()  # a detection under way writes to the project
        self.panel = None

    def update_actions(self) -> None:
        self.recommendations_act.setEnabled(self.session is not None)
        self.detect_act.setEnabled(self.window.writable())

    def show_register(self) -> None:
        if self.panel is None:
            return
        self.window.recommendations_dock.show()
        self.window.recommendations_dock.raise_()

    def detect(self) -> None:
        if self.panel is None:
            return
        self.show_register()
        self.panel.detect()

    def go_to_passage(self, document_id: str, start: int, end: int) -> None:
        self.window.go_to_range(document_id, start, end)
        self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)
