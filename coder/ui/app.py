"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from coder import __version__


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
    return app.exec()
