"""A part of the main window: a controller that owns a group of actions (a menu's worth),
the dialogs and jobs they open and the state they need, composed by ``MainWindow`` rather
than mixed into it. The window tells each part when a project opens or closes, when a
document opens, when the project changed and when to update its actions; a part does
nothing it was not told."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from coder.project.edit import Changes

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow
    from coder.ui.session import ProjectSession


class WindowPart:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        checkable: bool = False,
    ) -> QAction:
        """An action of the window (its shortcut works wherever the window has focus)."""
        return self.window.add_action(text, slot, shortcut, checkable)

    @property
    def session(self) -> ProjectSession | None:
        return self.window.session

    def status(self, message: str, ms: int = 5000) -> None:
        """A one-line message in the window's status bar."""
        self.window.statusBar().showMessage(message, ms)

    # -- what the window tells its parts (each does nothing unless a part needs it) --------

    def installed(self, session: ProjectSession) -> None:
        """A project was opened and the window's panels made for it."""

    def closing(self) -> None:
        """The project is about to close: stop what reads or writes it."""

    def document_opened(self, document_id: str) -> None:
        """The window shows another document."""

    def changed(self, changes: Changes) -> None:
        """The project changed (an edit, its undo, or another program)."""

    def update_actions(self) -> None:
        """Enable what applies now (a project open? writable? a document?)."""
