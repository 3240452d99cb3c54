"""Running a long core call off the GUI thread.

``Job(fn).start()``: ``done`` carries the result, ``failed`` a one-line message. The
function must open its own project connection (SQLite connections stay on their thread).

``ProgressJob(fn, label, parent).start()`` runs ``fn(progress)`` with a progress dialog and
its Cancel button: ``fn`` passes the ``Progress`` to a core function, whose
``progress.step(done, total)`` moves the bar and, once Cancel was pressed, raises
``Cancelled``; the job then emits ``cancelled`` instead of ``done``. The core removes what
it began, so a cancelled job leaves no file and no change behind.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coder.errors import CoderError
from coder.progress import Cancelled, Progress

log = logging.getLogger(__name__)

#: how long a job runs before its progress dialog shows (a quick one never flashes it)
SHOW_AFTER_MS = 400
#: the bar moves at most this often (the core may step thousands of times a second)
REPAINT_EVERY_S = 0.05


class Job(QThread):
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, fn: Callable[[], Any], parent=None) -> None:
        super().__init__(parent)
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Cancelled:
            self.cancelled.emit()
        except CoderError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged in full, one line for the user
            log.exception("background job failed")
            self.failed.emit(f"internal error ({type(exc).__name__}: {exc}); see the log")
        else:
            self.done.emit(result)


class JobProgress:
    """The ``Progress`` a ``ProgressJob`` hands to the core (called on the job's thread)."""

    def __init__(self, job: ProgressJob) -> None:
        self._job = job
        self._stop = threading.Event()
        self._shown = 0.0

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def step(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._shown >= REPAINT_EVERY_S:
            self._shown = now
            self._job.progressed.emit(done, total)


class ProgressJob(Job):
    progressed = Signal(int, int)  # done, total

    def __init__(self, fn: Callable[[Progress], Any], label: str, parent: QWidget) -> None:
        self.progress = JobProgress(self)
        super().__init__(lambda: fn(self.progress), parent)
        self.dialog = dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(label.rstrip("…."))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel)
        dialog.rejected.connect(self._cancel)  # Escape hides it: that cancels too
        self.progressed.connect(self._moved)
        self.finished.connect(self._close)
        self._over = False

    def start(self, *args: Any) -> None:
        super().start(*args)
        QTimer.singleShot(SHOW_AFTER_MS, self._show)

    def _show(self) -> None:
        if not self._over:
            self.dialog.show()

    def _cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText("Cancelling…")

    def _moved(self, done: int, total: int) -> None:
        if self.progress.cancelled:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self._over = True
        self.dialog.reset()
        self.dialog.hide()


def stop_jobs(owner: QWidget) -> None:
    """Cancel the jobs running under ``owner`` (a closing window) and wait for them: a
    thread must not outlive the objects it reports to. A cancelled job leaves nothing."""
    jobs = [j for j in owner.findChildren(Job) if j.isRunning()]
    for job in jobs:
        if isinstance(job, ProgressJob):
            job.progress.cancel()
    for job in jobs:
        job.wait()
