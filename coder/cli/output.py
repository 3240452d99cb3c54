"""Terminal output: one-line errors and a progress bar that only shows on a terminal."""

from __future__ import annotations

import shutil
import sys
from typing import TextIO


def error(message: str) -> None:
    print(f"review-coder: error: {' '.join(str(message).split())}", file=sys.stderr)


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
