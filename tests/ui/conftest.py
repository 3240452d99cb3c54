from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: a demo project already built in this run (by the action walk's collection), reused
BUILT_DEMO: list[Path] = []
#: how many actions the action walk used in this run, for the summary line
WALKED: list[str] = []


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory):
    """The demo project, built once per test session (it takes a few seconds)."""
    from coder.demo.project import ensure_demo

    target = tmp_path_factory.mktemp("demo") / "demo.rcproj"
    if BUILT_DEMO and BUILT_DEMO[0].exists():
        shutil.copyfile(BUILT_DEMO[0], target)
        return target
    return ensure_demo(target)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch, built_demo):
    """Settings, backups and the demo live in a scratch data folder; the coder is known.
    The demo is a fresh copy of the one built for the session."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(built_demo, data / "demo.rcproj")
    monkeypatch.setenv("REVIEW_CODER_DATA", str(data))
    monkeypatch.setenv("REVIEW_CODER_NAME", "Zoe Tester")


@pytest.fixture(autouse=True)
def _no_key_held(qapp):
    """Each test starts with no key held. Qt takes the application's keyboard modifiers
    from the last key or mouse event QTest sent; a shortcut whose key release never
    arrived (its window closed first) left Shift "held" for every later test, and
    ``selectRow`` then selected nothing, only in some random orders."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        blank = QWidget()
        QTest.keyRelease(blank, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
        blank.deleteLater()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def dialogs(qapp):
    """Answers modal dialogs with what the test queued (``dialogs.answer(...)``), and fails
    the test if one appeared unanswered: in the app it would have waited for a person."""
    from tests.ui.modal import ModalGuard

    guard = ModalGuard()
    guard.start()
    yield guard
    guard.stop()
    problems = list(guard.unanswered)
    if guard.answers:
        problems.append(f"{len(guard.answers)} answer(s) queued for dialogs that never appeared")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture
def window(qtbot):
    from coder.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def pytest_terminal_summary(terminalreporter) -> None:
    if WALKED:
        terminalreporter.write_line(
            f"action walk: {len(WALKED)} actions triggered "
            f"({sum(w.startswith('context:') for w in WALKED)} from context menus, "
            f"{sum(w.startswith('button/') for w in WALKED)} buttons, "
            f"{sum(w.startswith('shortcut/') for w in WALKED)} shortcuts)"
        )
