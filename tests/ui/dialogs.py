"""Answering modal dialogs in UI tests, as a person would: wait for the dialog to open,
then type, click and press its real widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


class Answers(list):
    """The class names of the dialogs answered, in order; ``done`` once every step ran
    or the wait for the next dialog timed out; ``stuck`` names a dialog that its step left
    open (it is rejected after 3 s, so the test fails instead of hanging)."""

    done = False
    stuck: str | None = None


def _unstick(dialog: QWidget, seen: Answers) -> None:
    try:
        still_open = dialog.isVisible()
    except RuntimeError:  # deleted: it closed
        return
    if still_open:
        seen.stuck = type(dialog).__name__
        dialog.reject()


def answer(*steps: Callable[[QWidget], None], timeout_ms: int = 5000) -> Answers:
    """Run each step on the next modal dialog to open, in turn."""
    seen = Answers()
    pending = list(steps)
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.property("answered"):
            waited[0] += 10
            if waited[0] < timeout_ms:
                QTimer.singleShot(10, poll)
            else:
                seen.done = True
            return
        dialog.setProperty("answered", True)
        seen.append(type(dialog).__name__)
        step = pending.pop(0)
        step(dialog)
        # a step that did not close its dialog must fail the test, not hang it
        QTimer.singleShot(3000, lambda: _unstick(dialog, seen))
        if pending:
            waited[0] = 0
            QTimer.singleShot(10, poll)
        else:
            seen.done = True

    QTimer.singleShot(0, poll)
    return seen
