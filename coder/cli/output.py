"""Terminal output: one-line errors and a progress bar that only shows on a terminal."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar

from coder.project.store import read_tolerantly

T = TypeVar("T")


def error(message: str) -> None:
    print(f"review-coder: error: {' '.join(str(message).split())}", file=sys.stderr)


def warning(message: str) -> None:
    print(f"review-coder: warning: {' '.join(str(message).split())}", file=sys.stderr)


def tolerant(run: Callable[[bool], T], projects: Sequence[object]) -> T:
    """Run a read of ``projects``; when stored text is not UTF-8 (a damaged file), run it
    again reading U+FFFD in place of the bad bytes, and warn."""
    result, lenient = read_tolerantly(run)
    if lenient:
        names = " ".join(str(p) for p in projects)
        warning(
            "some stored text is not valid UTF-8 (the file is damaged); it was read with "
            f"U+FFFD in place of the bad bytes. Run 'review-coder check {names}'"
        )
    return result


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = total > 1 and self.stream.isatty()

    def update(self, done: int, label: str = "") -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * done / self.total)
        cols = shutil.get_terminal_size((80, 20)).columns
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} {label}"
        self.stream.write("\r" + line[: cols - 1].ljust(cols - 1))
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            cols = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (cols - 1) + "\r")
            self.stream.flush()
