"""A lock file beside the project so that a second writer is detected.

The lock is an OS-level lock on ``PROJECT.rcproj.lock`` (``flock`` on POSIX,
``msvcrt.locking`` on Windows): it disappears with the process that holds it,
so a crash never leaves a project locked. The file's text says who holds it,
for the error message a second writer sees.

A second lock is keyed by the file's identity (device and inode) in a per-user folder,
so that a symbolic or hard link to an open project, whose name differs, is refused
too: SQLite names the ``-wal`` after the path, so two names would mean two WALs for one
file. The lock beside the file is the one other computers on a shared folder see.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

from coder.errors import CoderError, ProjectLockedError, os_error
from coder.project.clock import utc_now

_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; keep it clear of the text


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def identity_lock_path(project_path: Path) -> Path | None:
    """The per-user lock file for the project file's device and inode, or None when the
    file or the lock folder is not there (then only the lock beside the file is taken)."""
    try:
        st = os.stat(project_path)
        folder = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
        folder = folder / f"review-coder-{_uid()}-locks"
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    _sweep(folder)
    return folder / f"{st.st_dev:x}-{st.st_ino:x}.lock"


def _sweep(folder: Path) -> None:
    """Remove the identity locks no process holds (their holders were killed): each is
    taken before it is removed, so a live one is never touched."""
    try:
        names = [e.path for e in os.scandir(folder) if e.name.endswith(".lock")]
    except OSError:
        return
    for name in names:
        stale = _LockFile(Path(name), "")
        with contextlib.suppress(CoderError):
            if stale.acquire(b""):
                stale.release()  # releasing removes it


def _uid() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")


class ProjectLock:
    """The write lock on a project: the file beside it, then the one for its identity."""

    def __init__(self, project_path: Path, user: str) -> None:
        self.project_path = project_path
        self.path = lock_path(project_path)
        self.user = user
        self._beside = _LockFile(self.path, project_path.name)
        self._identity: _LockFile | None = None

    def acquire(self) -> None:
        """Raises ProjectLockedError when another writer holds the project (under this name
        or another), and a named error when the lock file cannot be written (a read-only
        folder, a full disk)."""
        name = self.project_path.name
        holder = {"user": self.user, "host": socket.gethostname(), "pid": os.getpid()}
        info = json.dumps({**holder, "since": utc_now()}).encode()
        if not self._beside.acquire(info):
            raise ProjectLockedError(
                f"{name} is {describe_holder(self.path)}; close it there, or open it read-only"
            )
        identity = identity_lock_path(self.project_path)
        if identity is None:
            return
        other = _LockFile(identity, name)
        try:
            taken = other.acquire(info)
        except CoderError:  # the per-user folder refuses (full, read-only): the file lock holds
            return
        except BaseException:
            self._beside.release()
            raise
        if not taken:
            self._beside.release()
            raise ProjectLockedError(
                f"{name} is {describe_holder(identity)} under another name (a link to the same "
                "file); close it there, or open it read-only"
            )
        self._identity = other

    def release(self) -> None:
        if self._identity is not None:
            self._identity.release()
            self._identity = None
        self._beside.release()


class _LockFile:
    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label  # the project's name, for messages
        self._fd: int | None = None

    def acquire(self, info: bytes) -> bool:
        """Lock and write ``info``; False when another process holds it."""
        try:
            for _ in range(5):
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    _lock(fd)
                except OSError:
                    os.close(fd)
                    return False
                if _same_file(fd, self.path):
                    break
                # The holder released and removed the file between our open and lock.
                _unlock(fd)
                os.close(fd)
            else:  # pragma: no cover - needs a pathological race
                raise ProjectLockedError(f"{self.path.name}: cannot take the lock; try again")
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, info)
            except BaseException:
                _unlock(fd)
                os.close(fd)
                with contextlib.suppress(OSError):
                    self.path.unlink()
                raise
        except OSError as exc:
            raise os_error(exc, f"cannot open {self.label} for writing") from None
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            with contextlib.suppress(OSError):
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
