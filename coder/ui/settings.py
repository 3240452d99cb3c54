"""Per-user settings (an INI file in the data folder, so tests and portable installs can
point it elsewhere with $REVIEW_CODER_DATA)."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from coder.demo.project import data_dir

RECENT_MAX = 10


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def coder_name() -> str | None:
    env = os.environ.get("REVIEW_CODER_NAME")
    if env:
        return env
    value = settings().value("coder/name")
    return str(value) if value else None


def set_coder_name(name: str) -> None:
    s = settings()
    s.setValue("coder/name", name)
    s.sync()


def recent_projects() -> list[str]:
    value = settings().value("recent/projects") or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value if os.path.exists(str(v))]


def add_recent(path: str) -> None:
    items = [p for p in recent_projects() if p != path]
    s = settings()
    s.setValue("recent/projects", [path, *items][:RECENT_MAX])
    s.sync()


def last_folder() -> str | None:
    """The folder of the file last chosen in a file dialog, if it still exists."""
    value = settings().value("dialogs/last_folder")
    return str(value) if value and os.path.isdir(str(value)) else None


def set_last_folder(folder: str) -> None:
    s = settings()
    s.setValue("dialogs/last_folder", folder)
    s.sync()
