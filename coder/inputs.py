"""Reading the files a user names as input: regular files only, and not too large.

A FIFO or a device named ``report.pdf`` would block a plain ``open`` until something
writes to it, with the project locked meanwhile; it is opened without blocking and
refused before anything is read from it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from coder.errors import CoderError, NotARegularFileError, os_error


def read_regular_file(path: Path, max_bytes: int, too_large: str) -> bytes:
    """The bytes of ``path``. Raises NotARegularFileError for a FIFO, device or socket,
    CoderError when it is larger than ``max_bytes`` (``too_large`` says what to do, in
    that message), and a named error when it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise CoderError(f"{path.name} is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFileError(
                f"{path.name} is not a regular file (a pipe, device or socket); "
                "give a file saved on disk"
            )
        if st.st_size > max_bytes:
            limit = _size(max_bytes)
            raise CoderError(f"{path.name}: the file is larger than {limit}; {too_large}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    finally:
        os.close(fd)


def _unreadable(path: Path, exc: OSError) -> CoderError:
    """The named error for the cause, in the words an import uses for a file it skips."""
    kind = type(os_error(exc, ""))
    return kind(f"{path.name}: cannot be read ({exc.strerror or exc})")


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n // 1024**3} GB"
    return f"{n // 1024**2} MB"
