from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory):
    """The demo project, built once per test session (it takes a few seconds)."""
    from coder.demo.project import ensure_demo

    return ensure_demo(tmp_path_factory.mktemp("demo") / "demo.rcproj")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch, built_demo):
    """Settings, backups and the demo live in a scratch data folder; the coder is known.
    The demo is a fresh copy of the one built for the session."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(built_demo, data / "demo.rcproj")
    monkeypatch.setenv("REVIEW_CODER_DATA", str(data))
    monkeypatch.setenv("REVIEW_CODER_NAME", "Zoe Tester")


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
