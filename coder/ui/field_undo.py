"""Ctrl+Z in a text field of the main window: the field's own undo while it has one, else
the project's.

A line edit or text box takes Ctrl+Z and Ctrl+Shift+Z for itself (it accepts the
``ShortcutOverride``) even with nothing to undo. A panel's field commits its edit on Enter
and is then refilled from the project, which empties its own undo: Ctrl+Z did nothing, and
Edit → Undo was the only way back. This filter lets the keys through to Edit → Undo and
Redo when the focused field has nothing of its own to undo or redo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def _own(field: QObject, undo: bool) -> bool | None:
    """Whether ``field`` has something of its own to undo (or redo); None: not a text field
    that takes the keys."""
    if isinstance(field, QLineEdit):
        if field.isReadOnly():
            return None
        return field.isUndoAvailable() if undo else field.isRedoAvailable()
    if isinstance(field, QPlainTextEdit | QTextEdit):
        if field.isReadOnly():
            return None
        document = field.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    return None


class FieldUndo(QObject):
    """Installed on the application for ``window``: only its own fields are looked at (a
    dialog's fields keep their keys)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            undo = True
        elif event.matches(QKeySequence.StandardKey.Redo):
            undo = False
        else:
            return False
        own = _own(watched, undo)
        # True: the field does not see the override, so the window's shortcut fires
        return own is False
