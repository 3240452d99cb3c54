"""Room to read on any screen: the window opens within the screen (maximised on a small
one), every dock, the toolbar and every dialog's buttons lie on it, and the page view
takes most of the width. The check runs here on the offscreen platform's own screen, and
in a process each for a 1024 × 700 laptop screen and a 1920 × 1080 one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QToolBar,
    QWidget,
)

from coder.ui.app import open_window

ROOT = Path(__file__).resolve().parents[2]


def _on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _buttons_within(dialog: QWidget, screen: QRect) -> list[str]:
    """The dialog's visible buttons that are not wholly on the screen."""
    outside = []
    for button in dialog.findChildren(QAbstractButton):
        shown = button.isVisibleTo(dialog) and button.window() is dialog
        if shown and not screen.contains(_on_screen(button)):
            outside.append(f"{type(dialog).__name__}: {button.text()!r} at {_on_screen(button)}")
    return outside


def _open_windows(main) -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w is not main and w.isVisible() and isinstance(w, QDialog | QMessageBox)
    ]


@pytest.fixture
def app_window(qtbot):
    window = open_window(demo=True)  # as the app opens: placed on the screen, then shown
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.doc is not None)
    yield window
    window.close()


def test_every_dock_the_toolbar_and_every_dialogs_buttons_lie_within_the_screen(
    app_window, qtbot, dialogs
):
    window = app_window
    screen = window.screen().availableGeometry()
    wanted = os.environ.get("RC_TEST_SCREEN")
    if wanted:
        assert f"{screen.width()}x{screen.height()}" == wanted
    assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)
    problems = []
    for dock in window.docks():
        dock.raise_()
        qtbot.wait(10)
        if not screen.contains(_on_screen(dock)):
            problems.append(f"dock {dock.windowTitle()} at {_on_screen(dock)}")
    for bar in window.findChildren(QToolBar):
        if bar.isVisible() and not screen.contains(_on_screen(bar)):
            problems.append(f"toolbar at {_on_screen(bar)}")
    share = window.page_view.width() / window.width()

    def check_modal(dialog) -> None:
        problems.extend(_buttons_within(dialog, screen))
        dialog.reject()

    opened = []
    dialogs.default = check_modal  # every modal dialog: its buttons checked, then closed
    window.search.run("supervisor*")
    for action in (
        window.analyses.analysis_act,
        window.team.agreement_act,
        window.team.assign_act,
        window.team.progress_act,
        window.team.merge_act,
        window.about_act,
        window.coding.quick_act,
        window.projects.new_act,
        window.briefing.briefings_act,
        window.sampling.screening_act,
        window.sampling.disagreements_act,
        window.sampling.duplicates_act,
        window.sampling.flow_act,
        window.judging.recode_act,
    ):
        action.trigger()
        qtbot.wait(50)
        for dialog in _open_windows(window):
            opened.append(type(dialog).__name__)
            problems.extend(_buttons_within(dialog, screen))
            dialog.close()
    dialogs.answer(lambda d: d.accept_current(), check_modal)
    window.search.code_all.click()
    dialogs.default = None
    opened += [d.kind for d in dialogs.seen]
    print(
        f"screen {screen.width()}x{screen.height()}: window {window.frameGeometry().width()}x"
        f"{window.frameGeometry().height()}, maximised {window.isMaximized()}, page view "
        f"{share:.0%} of the width; dialogs checked: {json.dumps(sorted(set(opened)))}"
    )
    assert {
        "AnalysisDialog",
        "AgreementDialog",
        "AssignDialog",
        "ProgressDialog",
        "MergeDialog",
        "QMessageBox",
        "QuickCodeDialog",
        "NewProjectDialog",
        "CodeHitsDialog",
        "BriefingDialog",
        "ScreeningDialog",
        "DisagreementsDialog",
        "DuplicatesDialog",
        "FlowDialog",
        "RecodeDialog",
    } <= set(opened)
    assert problems == []
    assert share > 0.5  # the page view takes most of the width


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1920, 1080)])
def test_on_a_laptop_and_a_desktop_screen(tmp_path, width, height):
    """The test above in a process whose only screen is ``width`` × ``height``."""
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {"screens": [{"name": "test", "x": 0, "y": 0, "width": width, "height": height}]}
        )
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        RC_TEST_SCREEN=f"{width}x{height}",
    )
    test = "test_every_dock_the_toolbar_and_every_dialogs_buttons_lie_within_the_screen"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            f"{__file__}::{test}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout[-4000:])
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(rf"screen {width}x{height}: ", run.stdout)
