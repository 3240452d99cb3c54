"""Starting the desktop app."""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from coder._version import __version__
from coder.errors import CoderError, os_error


def make_app() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        assert existing is None, "a QApplication, not a QCoreApplication, runs the window"
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Review Coder")
    app.setOrganizationName("Review Coder")
    app.setApplicationVersion(__version__)
    from coder.ui.style import install_style

    install_style(app)
    return app


def run(
    project: str | Path | None = None, demo: bool = False, quit_after: float | None = None
) -> int:
    """Open the main window (on a project, or the demo) and run until it closes.
    ``quit_after`` closes it after that many seconds (for smoke tests)."""
    app = make_app()
    window = open_window(project, demo)
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), window.close)
    if os.environ.get("REVIEW_CODER_TRACE"):
        _trace_first_page(window)
    interrupted = _close_on_ctrl_c(window)
    code = app.exec()
    if interrupted:
        print(
            "review-coder: error: interrupted; the app closed the project as it was after "
            "the last change",
            file=sys.stderr,
        )
        return 130
    return code


def _close_on_ctrl_c(window) -> list[bool]:
    """Ctrl-C in the terminal closes the window as the close button does (each change is
    already saved) instead of reaching the error hook as a KeyboardInterrupt. Returns a
    list that holds True once that has happened. Python runs signal handlers only
    between its own bytecodes, so a timer wakes it while Qt waits for events."""
    interrupted: list[bool] = []

    def on_sigint(_signum, _frame) -> None:
        if not interrupted:
            interrupted.append(True)
            QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGINT, on_sigint)
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(200)
    return interrupted


def open_window(project: str | Path | None = None, demo: bool = False):
    """The main window as the app opens it: placed on the screen as it was left (or to
    suit the screen the first time), shown, and on the project asked for, the demo, or
    the project that was open when the app last closed."""
    from coder.ui.main_window import MainWindow

    window = MainWindow()
    install_error_hook(window)
    window.place_on_screen()
    window.show()
    if demo:
        window.open_demo()
    elif project is not None:
        window.open_project(project)  # on failure it says why and shows its start page
    else:
        window.projects.reopen_last()
    return window


def install_error_hook(window) -> None:
    """A bug must not show a user a traceback: it goes to a log file in the data folder,
    and the user sees one line saying where."""
    from coder.demo.project import data_dir

    def hook(kind, value, tb) -> None:
        # what a user can cause (a full disk, a read-only folder) is said in its own words
        if issubclass(kind, CoderError | OSError):
            error = value if isinstance(value, CoderError) else os_error(value, "Not done")
            window.statusBar().showMessage(str(error), 15000)
            return
        log = data_dir() / "review-coder.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write("".join(traceback.format_exception(kind, value, tb)))
        except OSError:
            pass
        window.statusBar().showMessage(
            f"Something went wrong ({kind.__name__}); your work is saved. Details: {log}", 15000
        )

    sys.excepthook = hook


def _trace_first_page(window) -> None:
    """For the launch benchmark: print the wall-clock time when the first page is painted
    from its rendered pixmap, then close."""
    shown: list[int] = []

    def on_shown(page: int, _elapsed: float) -> None:
        if not shown:
            shown.append(page)
            print(f"first-page-shown {time.time():.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, window.close)

    window.page_view.pageShown.connect(on_shown)
