"""Progress and Cancel for long work, without Qt.

A long core function (a merge, agreement, a REFI-QDA import or export, a segments export,
a theme report) takes a ``Progress`` and calls ``step(done, total)`` between units of
work, before it has written anything it cannot take back. The desktop app's progress
raises ``Cancelled`` there once the person pressed Cancel; the function then undoes what
it began (a scratch file is removed, a transaction rolled back) and the error travels up.
The command line passes ``NO_PROGRESS``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

from coder.errors import CoderError

T = TypeVar("T")


class Cancelled(CoderError):
    """The person pressed Cancel: the work stopped and nothing was written."""

    def __init__(self, message: str = "cancelled: nothing was written") -> None:
        super().__init__(message)


class Progress(Protocol):
    def step(self, done: int, total: int) -> None:
        """``done`` of ``total`` units are done. Raises Cancelled when the work must stop."""
        ...


class _Silent:
    def step(self, done: int, total: int) -> None:
        return None


#: the progress of work nobody watches (the command line, tests)
NO_PROGRESS: Progress = _Silent()


class Part:
    """Part ``index`` of ``parts`` equal parts of a larger piece of work: a merge reads and
    plans (part 0 of 2), then writes (part 1 of 2), each reporting its own steps."""

    SCALE = 1000

    def __init__(self, progress: Progress, index: int, parts: int) -> None:
        self.progress = progress
        self.index = index
        self.parts = parts

    def step(self, done: int, total: int) -> None:
        within = self.SCALE * done // total if total else self.SCALE
        self.progress.step(self.index * self.SCALE + within, self.parts * self.SCALE)


def stepping(items: Sequence[T], progress: Progress, every: int = 1000) -> Iterator[T]:
    """The items, one by one, with a step every ``every`` items (and one at the end)."""
    total = len(items)
    for n, item in enumerate(items):
        if n % every == 0:
            progress.step(n, total)
        yield item
    progress.step(total, total)
