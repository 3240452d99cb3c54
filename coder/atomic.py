"""Writing files so that a failure leaves no half-written file: write beside the target
under a temporary name (see ``coder.scratch``), flush it to disk, rename it over the
target, and flush the folder, so that after a power cut the target is either the old
file or the whole new one."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coder import scratch
from coder.errors import os_error


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``. Raises a
    named CoderError (one line) when the disk refuses: full, read-only, a name too long."""
    path = Path(path)
    scratch.sweep(path.parent)
    tmp = scratch.scratch_path(path, "tmp")
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error(exc, f"cannot write {path.name}") from None
    finally:
        with contextlib.suppress(OSError):  # absent, or the folder refuses even this
            tmp.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    with replacing(path) as tmp:
        tmp.write_bytes(data)


def fsync_file(path: Path) -> None:
    """Flush a written file's data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to the disk. Windows cannot open a
    folder for this; there the rename's own flush is what there is."""
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, path: Path) -> None:
    """Rename a finished temporary file over ``path``, durably: the file, then the folder."""
    fsync_file(tmp)
    os.replace(tmp, path)
    fsync_dir(path.parent)
