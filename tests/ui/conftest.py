from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Settings, backups and the demo live in a scratch data folder; the coder is known."""
    monkeypatch.setenv("REVIEW_CODER_DATA", str(tmp_path / "data"))
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
