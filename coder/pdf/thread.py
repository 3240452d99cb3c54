"""The one thread that calls PyMuPDF.

PyMuPDF is not thread-safe: calls from two threads, even one after the other under a
lock, share MuPDF's global state. So every function in ``coder.pdf`` (and the demo's PDF
generator) that touches PyMuPDF is wrapped in ``pdf_call``, and runs through the runner
installed here. The command line installs none: its one thread calls PyMuPDF itself. The
desktop app installs its PDF worker (``coder/ui/pdf_worker.py``), so a call from the GUI
thread or a background job is carried to the worker's thread and waits for its result.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Runner(Protocol):
    def call(self, fn: Callable[[], R]) -> R:
        """Run ``fn`` on the PDF thread and return its result (or raise its error)."""
        ...


_lock = threading.Lock()
#: installed runners, the newest last; the newest serves every call
_runners: list[Runner] = []


def install(runner: Runner) -> None:
    """Send every PyMuPDF call to ``runner`` until ``uninstall(runner)``."""
    with _lock:
        _runners.append(runner)


def uninstall(runner: Runner) -> None:
    with _lock:
        if runner in _runners:
            _runners.remove(runner)


def on_pdf_thread(fn: Callable[[], R]) -> R:
    """``fn()``, run by the installed runner (on this thread when there is none)."""
    with _lock:
        runner = _runners[-1] if _runners else None
    return fn() if runner is None else runner.call(fn)


def pdf_call(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function that calls PyMuPDF: it then always runs on the PDF thread."""

    @functools.wraps(fn)
    def on_thread(*args: P.args, **kwargs: P.kwargs) -> R:
        return on_pdf_thread(lambda: fn(*args, **kwargs))

    return on_thread
