"""Starting the desktop app."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from coder._version import __version__


def make_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Review Coder")
    app.setOrganizationName("Review Coder")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def run(
    project: str | Path | None = None, demo: bool = False, quit_after: float | None = None
) -> int:
    """Open the main window (on a project, or the demo) and run until it closes.
    ``quit_after`` closes it after that many seconds (for smoke tests)."""
    from coder.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.show()
    if demo:
        window.open_demo()
    elif project is not None:
        window.open_project(project)  # on failure it says why and shows its start page
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), window.close)
    if os.environ.get("REVIEW_CODER_TRACE"):
        _trace_first_page(window)
    return app.exec()


def _trace_first_page(window) -> None:
    """For the launch benchmark: print the wall-clock time when the first page is painted
    from its rendered pixmap, then close."""
    shown = []

    def on_shown(page: int, _elapsed: float) -> None:
        if not shown:
            shown.append(page)
            print(f"first-page-shown {time.time():.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, window.close)

    window.page_view.pageShown.connect(on_shown)
