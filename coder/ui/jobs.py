"""Running a long core call off the GUI thread: ``Job(fn).start()``; ``done`` carries the
result, ``failed`` a one-line message. The function must open its own project connection."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from coder.errors import CoderError

log = logging.getLogger(__name__)


class Job(QThread):
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], Any], parent=None) -> None:
        super().__init__(parent)
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except CoderError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged in full, one line for the user
            log.exception("background job failed")
            self.failed.emit(f"internal error ({type(exc).__name__}: {exc}); see the log")
        else:
            self.done.emit(result)
