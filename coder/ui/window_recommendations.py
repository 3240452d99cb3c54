"""The main window's recommendations register: its dock, Analysis → Recommendations
register and Detect recommendations. A mixin of ``MainWindow``."""

from __future__ import annotations

from coder.ui.recommendations_panel import RecommendationsPanel


class RecommendationActions:
    recommendations_panel: RecommendationsPanel | None

    def _make_recommendation_actions(self) -> None:
        self.recommendations_act = self._action(
            "&Recommendations register", self.show_recommendations, "Ctrl+Shift+R"
        )
        self.detect_recommendations_act = self._action(
            "&Detect recommendations in all documents", self.detect_recommendations
        )

    def recommendation_actions(self) -> tuple:
        return (self.recommendations_act, self.detect_recommendations_act)

    def _install_recommendations(self, session) -> None:
        self.recommendations_panel = RecommendationsPanel(
            session, self.worker.pdf_lock, lambda: self.view.selected_coding
        )
        self.recommendations_panel.passageActivated.connect(self.go_to_passage)
        self.recommendations_dock.setWidget(self.recommendations_panel)
        self.recommendations_dock.setEnabled(True)

    def _close_recommendations(self) -> None:
        if self.recommendations_panel is not None:
            self.recommendations_panel.shutdown()
        self.recommendations_panel = None

    def _update_recommendation_actions(self) -> None:
        has = self.session is not None
        self.recommendations_act.setEnabled(has)
        self.detect_recommendations_act.setEnabled(has and not self.session.read_only)

    def show_recommendations(self) -> None:
        if self.recommendations_panel is None:
            return
        self.recommendations_dock.show()
        self.recommendations_dock.raise_()

    def detect_recommendations(self) -> None:
        if self.recommendations_panel is None:
            return
        self.show_recommendations()
        self.recommendations_panel.detect()
