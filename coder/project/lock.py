"""A lock file beside the project so that a second writer is detected.

The lock is an OS-level lock on ``PROJECT.rcproj.lock`` (``flock`` on POSIX,
``msvcrt.locking`` on Windows): it disappears with the process that holds it,
so a crash never leaves a project locked. The file's text says who holds it,
for the error message a second writer sees.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from pathlib import Path

from coder.errors import ProjectLockedError
from coder.project.clock import utc_now

_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; keep it clear of the text


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


class ProjectLock:
    def __init__(self, project_path: Path, user: str) -> None:
        self.path = lock_path(project_path)
        self.user = user
        self._fd: int | None = None

    def acquire(self) -> None:
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                raise ProjectLockedError(
                    f"{self.path.name[:-5]} is {describe_holder(self.path)}; "
                    "close it there, or open it read-only"
                ) from None
            if _same_file(fd, self.path):
                break
            # The holder released and removed the file between our open and lock.
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - needs a pathological race
            raise ProjectLockedError(f"{self.path.name}: cannot take the lock; try again")
        info = {
            "user": self.user,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": utc_now(),
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)
        # On Windows another process may have it open; it is empty and unlocked anyway.
        with contextlib.suppress(OSError):
            self.path.unlink()


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def holder_is_local(project_path: Path) -> bool:
    """Whether the lock's holder is a running process on this machine."""
    try:
        info = json.loads(lock_path(project_path).read_text() or "{}")
    except (OSError, ValueError):
        return False
    if info.get("host") != socket.gethostname():
        return False
    pid = info.get("pid")
    if not isinstance(pid, int):
        return False
    if pid == os.getpid() or sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "open for writing elsewhere"
    return (
        f"open for writing by {info.get('user', '?')} on {info.get('host', '?')} "
        f"(process {info.get('pid', '?')}) since {info.get('since', '?')}"
    )


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
