"""Qt's file dialogs, starting in the folder last used (kept in the settings) instead of
the home folder each time. Same arguments and results as ``QFileDialog``'s static
functions; a suggested file name is kept, its folder replaced by the last one used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from coder.ui import settings


def _start(suggested: str) -> str:
    last = settings.last_folder()
    if last is None:
        return suggested
    name = Path(suggested).name if Path(suggested).suffix else ""
    return str(Path(last) / name) if name else last


def _remember(path: str) -> None:
    if path:
        settings.set_last_folder(str(Path(path).parent))


def getOpenFileName(parent: QWidget, caption: str, folder: str, filter: str) -> tuple[str, str]:
    path, chosen = QFileDialog.getOpenFileName(parent, caption, _start(folder), filter)
    _remember(path)
    return path, chosen


def getOpenFileNames(
    parent: QWidget, caption: str, folder: str, filter: str
) -> tuple[list[str], str]:
    paths, chosen = QFileDialog.getOpenFileNames(parent, caption, _start(folder), filter)
    if paths:
        _remember(paths[0])
    return paths, chosen


def getSaveFileName(parent: QWidget, caption: str, folder: str, filter: str) -> tuple[str, str]:
    path, chosen = QFileDialog.getSaveFileName(parent, caption, _start(folder), filter)
    _remember(path)
    return path, chosen
