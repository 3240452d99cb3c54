"""The main window's View menu: zoom and fit, the docks, and putting the layout back; and
where the window sits on the screen when it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from coder.ui import settings
from coder.ui.screen_fit import available, fit_size, keep_on_screen
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class ViewActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        view = window.page_view
        a = self.action
        self.zoom_in_act = a("Zoom &in", view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_act.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_act = a("Zoom &out", view.zoom_out, "Ctrl+-")
        self.fit_width_act = a("Fit &width", view.fit_width, "Ctrl+0")
        self.fit_page_act = a("Fit &page", view.fit_page, "Ctrl+9")
        self.reset_layout_act = a("&Reset layout", self.reset_layout)
        self.zoom_label = QLabel()  # the zoom in per cent (100 %: a point a pixel)
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setContentsMargins(8, 0, 8, 0)
        self.zoom_label.setToolTip("Zoom: Ctrl+= and Ctrl+- step through the usual zooms")
        view.zoomChanged.connect(self._zoom_changed)
        #: the arrangement View → Reset layout goes back to
        self.default_state = QByteArray()

    def zoom_actions(self) -> list[QAction]:
        return [self.zoom_in_act, self.zoom_out_act, self.fit_width_act, self.fit_page_act]

    def _zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{round(scale * 100)} %" if self.window.doc is not None else "")

    def document_opened(self, document_id: str) -> None:
        self._zoom_changed(self.window.page_view.scale)

    def update_actions(self) -> None:
        has = self.window.doc is not None
        for act in self.zoom_actions():
            act.setEnabled(has)
        if not has:
            self.zoom_label.setText("")

    def remember_default(self) -> None:
        """Once the window is built: the docks at their first sizes, kept for Reset."""
        self._default_dock_sizes()
        self.default_state = self.window.saveState()

    def place_on_screen(self) -> None:
        """Before the window is first shown: the size, place and docks it had when it last
        closed, kept within the screen; the first time, most of the screen (all of it on a
        small one), the page view taking most of the width."""
        window = self.window
        s = settings.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None and window.restoreGeometry(geometry):
            if state is not None:
                window.restoreState(state)
            if not window.isMaximized():
                keep_on_screen(window)
            return
        room = available(window)
        if room.width() < 1400 or room.height() < 860:
            window.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            fit_size(window, 1440, 940)
            frame = window.frameGeometry()
            frame.moveCenter(room.center())
            window.move(frame.topLeft())
        self._default_dock_sizes()

    def _default_dock_sizes(self) -> None:
        """The documents list and the codebook narrow, the excerpts short: the page view
        gets the rest (about 57 % of an 800 px wide window, 70 % of a 1920 px one)."""
        window = self.window
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        width, height = window.width(), window.height()
        documents = max(160, min(260, int(width * 0.16)))
        codebook = max(180, min(320, int(width * 0.2)))
        window.resizeDocks(
            [window.documents_dock, window.codebook_dock], [documents, codebook], horizontal
        )
        window.resizeDocks(
            [window.excerpts_dock], [max(140, min(220, int(height * 0.22)))], vertical
        )

    def reset_layout(self) -> None:
        """Every panel back where it started, at its first size; the page view gets the
        rest of the window."""
        window = self.window
        window.restoreState(self.default_state)
        for dock in window.docks():
            dock.setFloating(False)
        window.excerpts_dock.raise_()
        window.codebook_dock.raise_()
        window.documents_dock.raise_()
        self._default_dock_sizes()
