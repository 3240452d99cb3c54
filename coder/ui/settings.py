"""Per-user settings (an INI file in the data folder, so tests and portable installs can
point it elsewhere with $REVIEW_CODER_DATA)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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


def last_project() -> str | None:
    """The project open when the app last closed, if it is still there."""
    value = settings().value("session/project")
    return str(value) if value and os.path.exists(str(value)) else None


def set_last_project(path: str | Path | None) -> None:
    s = settings()
    s.setValue("session/project", str(Path(path).resolve()) if path else "")
    s.sync()


def _reading_key(project_path: str | Path) -> str:
    digest = hashlib.sha1(str(Path(project_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"reading/{digest}"


def remember_reading(
    project_path: str | Path, document_id: str, page: int, zoom: float | None
) -> None:
    """Where the reader was in a project: the document, the page and the zoom (None: the
    zoom followed the width)."""
    s = settings()
    key = _reading_key(project_path)
    s.setValue(f"{key}/document", document_id)
    s.setValue(f"{key}/page", int(page))
    s.setValue(f"{key}/zoom", "fit" if zoom is None else f"{zoom:.6f}")
    s.sync()


def last_reading(project_path: str | Path) -> tuple[str, int, float | None] | None:
    """(document id, page, zoom or None for fit width), or None when nothing is known."""
    s = settings()
    key = _reading_key(project_path)
    document = s.value(f"{key}/document")
    if not document:
        return None
    try:
        page = int(s.value(f"{key}/page") or 1)
        zoom_text = str(s.value(f"{key}/zoom") or "fit")
        zoom = None if zoom_text == "fit" else float(zoom_text)
    except ValueError:
        return None
    return str(document), page, zoom
