"""Answering modal dialogs in UI tests, and failing a test that would block on one.

A dialog opened with ``exec()`` (our own, or a ``QInputDialog``, ``QColorDialog``,
``QMessageBox`` or ``QFileDialog`` opened by one of Qt's static functions) runs a nested
event loop. A watchdog timer runs inside that loop: it finds the dialog as a person would
see it (the visible application-modal window) and answers it with the next answer the test
queued, typing and clicking like a person. A dialog that no answer was queued for is
rejected and recorded, and the test fails at teardown: it would have hung in the real app
waiting for a person. A popup menu left open is closed and recorded the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

Answer = Callable[[QDialog], None]

#: how long an answered dialog may stay open before the test fails
STILL_OPEN_MS = 3000

#: context-menu catchers at work (tests/ui/walk.py): a menu they read is not left open
CATCHING_MENUS: list[object] = []


@dataclass(frozen=True)
class Seen:
    """A modal dialog as it was shown: its class, title, text and buttons."""

    kind: str
    title: str
    text: str
    buttons: tuple[str, ...]


def _plain(text: str) -> str:
    return text.replace("&", "")


def _buttons(dialog: QDialog) -> list[QAbstractButton]:
    if isinstance(dialog, QMessageBox):
        return list(dialog.buttons())
    found: list[QAbstractButton] = []
    for box in dialog.findChildren(QDialogButtonBox):
        found.extend(box.buttons())
    return found


def click_button(dialog: QDialog, text: str) -> None:
    """Click the dialog's button labelled ``text`` (ampersands ignored)."""
    for b in _buttons(dialog):
        if _plain(b.text()) == text:
            QTest.mouseClick(b, Qt.MouseButton.LeftButton)
            return
    labels = [_plain(b.text()) for b in _buttons(dialog)]
    raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}: {labels}")


def _ok(dialog: QDialog) -> None:
    for b in _buttons(dialog):
        box = b.parent()
        if isinstance(box, QDialogButtonBox) and box.buttonRole(b) in (
            QDialogButtonBox.ButtonRole.AcceptRole,
            QDialogButtonBox.ButtonRole.YesRole,
        ):
            QTest.mouseClick(b, Qt.MouseButton.LeftButton)
            return
    raise AssertionError(f"no OK button in {dialog.windowTitle()!r}")


def type_text(text: str) -> Answer:
    """An input dialog: type ``text`` into its field (ASCII) and press OK."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog), f"expected an input box, got {dialog!r}"
        field = dialog.findChild(QPlainTextEdit) or dialog.findChild(QLineEdit)
        assert field is not None
        field.setFocus()
        field.selectAll()
        QTest.keyClick(field, Qt.Key.Key_Delete)
        QTest.keyClicks(field, text)
        _ok(dialog)

    return answer


def choose_item(text: str) -> Answer:
    """An input dialog with a list: choose ``text`` and press OK."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        assert text in dialog.comboBoxItems(), f"{text!r} is not offered"
        dialog.setTextValue(text)
        _ok(dialog)

    return answer


def choose_colour(colour: str) -> Answer:
    """The colour dialog: type the colour into its HTML field and press OK."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QColorDialog), f"expected a colour dialog, got {dialog!r}"
        dialog.setCurrentColor(QColor(colour))
        _ok(dialog)

    return answer


def press(text: str) -> Answer:
    """A message box (or any dialog): click the button labelled ``text``."""

    def answer(dialog: QDialog) -> None:
        click_button(dialog, text)

    return answer


def cancel(dialog: QDialog) -> None:
    """Close the dialog as Escape would: nothing chosen."""
    if isinstance(dialog, QMessageBox) and dialog.escapeButton() is not None:
        QTest.mouseClick(dialog.escapeButton(), Qt.MouseButton.LeftButton)
    else:
        dialog.reject()


def choose_file(path: str) -> Answer:
    """A file dialog: type the whole path into its "File name" field and accept.

    Not ``selectFile``: Qt leaves the field as it was when it has the focus, and whether it
    has depends on which window an earlier test left active; the dialog then accepted its
    folder, moved into it and stayed open (a test that failed only after certain others)."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog), f"expected a file dialog, got {dialog!r}"
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        assert field is not None, "the file dialog has no file name field"
        field.setText(path)
        dialog.accept()

    return answer


class ModalGuard:
    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.seen: list[Seen] = []
        self.unanswered: list[str] = []
        #: used when no answer is queued (the action walk answers every dialog this way);
        #: None makes an unanswered dialog a failure
        self.default: Answer | None = None
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def answer(self, *answers: Answer) -> None:
        """Queue answers for the next dialogs, in order."""
        self.answers.extend(answers)

    def _check(self) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and popup.isVisible() and not CATCHING_MENUS:
            labels = [_plain(a.text()) for a in popup.actions()]
            self.unanswered.append(f"a menu left open: {labels}")
            popup.close()
        for w in QApplication.topLevelWidgets():
            if not (
                isinstance(w, QDialog)
                and w.isVisible()
                and w.windowModality() == Qt.WindowModality.ApplicationModal
            ):
                continue
            if not w.property("answered_by_test"):
                w.setProperty("answered_by_test", True)
                self._answer(w)
                return  # one at a time; the next tick sees any other
            # answered but still open: the answer did not close it (a file dialog that
            # refused the name, say); after 3 s it is a failure, not a hang
            ticks = (w.property("ticks_since_answer") or 0) + 1
            w.setProperty("ticks_since_answer", ticks)
            if ticks * self.timer.interval() >= STILL_OPEN_MS:
                self.unanswered.append(
                    f"{type(w).__name__} {w.windowTitle()!r} was still open 3 s after its answer"
                )
                cancel(w)

    def _answer(self, dialog: QDialog) -> None:
        text = ""
        if isinstance(dialog, QMessageBox):
            text = dialog.text()
        elif isinstance(dialog, QInputDialog):
            text = dialog.labelText()
        self.seen.append(
            Seen(
                type(dialog).__name__,
                dialog.windowTitle(),
                text,
                tuple(_plain(b.text()) for b in _buttons(dialog)),
            )
        )
        answer = self.answers.pop(0) if self.answers else self.default
        if answer is not None:
            try:
                answer(dialog)
            except Exception as exc:  # a wrong answer must not hang the test
                self.unanswered.append(
                    f"{type(dialog).__name__} {dialog.windowTitle()!r}: the answer failed: {exc}"
                )
                if dialog.isVisible():
                    cancel(dialog)
        else:
            self.unanswered.append(
                f"{type(dialog).__name__} {dialog.windowTitle()!r} {text!r} was not answered"
            )
            cancel(dialog)


def leftover_windows(keep: QWidget) -> list[QWidget]:
    """Visible top-level windows other than ``keep``."""
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not keep]


def choose_code(path: str) -> Answer:
    """A code picker: type the code's path into its filter box and press Enter."""

    def answer(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None, f"{dialog.windowTitle()!r} has no filter box"
        QTest.keyClicks(field, path)
        QTest.keyClick(field, Qt.Key.Key_Return)

    return answer
