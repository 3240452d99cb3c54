"""Temporary files beside their target, named so that a later run recognises them.

Every temporary file Review Coder writes (an export before its rename, a project being
created, merged, imported or copied) is called ``.rc~HOST~PID~KIND~TOKEN[.rcproj]``
beside its target: short whatever the target's name (a 250-character target still
fits), and saying which machine and process made it. SQLite adds ``-journal``,
``-wal`` and ``-shm`` and the project lock ``.lock``; those belong to the same leftover.

A process killed mid-write (kill -9, a power cut) leaves its temporary file behind.
``find`` lists the leftovers in a folder; ``sweep`` removes the ones whose process is
gone on this machine (the next write into the folder calls it). A leftover from another
machine (a synced folder) is listed but never removed: its process may be running.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX = ".rc~"
_COMPANIONS = ("-journal", "-wal", "-shm", ".lock")
_NAME = re.compile(
    r"^\.rc~(?P<host>[0-9a-f]{6})~(?P<pid>\d{1,10})~(?P<kind>[a-z]{1,12})~[0-9a-f]{8}"
    r"(?:\.rcproj)?(?P<companion>-journal|-wal|-shm|\.lock)?$"
)
#: a leftover untouched this long is removed even if its process id is taken again
STALE_AFTER = 3 * 24 * 3600


def host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def scratch_path(target: Path, kind: str, project: bool = False) -> Path:
    """A fresh temporary name beside ``target`` for work of ``kind`` (a short lower-case
    word: ``tmp``, ``creating``, ``merging``...). With ``project``, it ends in
    ``.rcproj``. Its length does not depend on the target's name."""
    name = f"{PREFIX}{host_tag()}~{os.getpid()}~{kind}~{secrets.token_hex(4)}"
    return target.with_name(name + (".rcproj" if project else ""))


def companions(path: Path) -> list[Path]:
    """The files SQLite and the project lock add beside a project file."""
    return [path.with_name(path.name + extra) for extra in _COMPANIONS]


def remove(path: Path) -> None:
    """Remove a temporary file and its companions; a missing one is no error."""
    for p in (path, *companions(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@dataclass(frozen=True, slots=True)
class Leftover:
    path: Path
    kind: str  # what the process was doing: tmp, creating, merging, importing, ...
    pid: int
    size: int  # bytes
    removable: bool  # made on this machine by a process that is gone
    reason: str  # why it may or may not be removed, for a listing


def find(folder: Path) -> list[Leftover]:
    """The temporary files in ``folder`` left by Review Coder runs, sorted by name.
    Never raises: an unreadable folder has no leftovers that can be listed."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(PREFIX)]
    except OSError:
        return []
    me, now = host_tag(), time.time()
    found = []
    for entry in sorted(entries, key=lambda e: e.name):
        match = _NAME.match(entry.name)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        pid = int(match["pid"])
        if match["host"] != me:
            removable, reason = False, "made on another computer; remove it there"
        elif pid == os.getpid():
            removable, reason = False, "in use by this process"
        elif not _alive(pid):
            removable, reason = True, f"process {pid} is gone"
        elif now - st.st_mtime > STALE_AFTER:
            removable, reason = True, "untouched for more than three days"
        else:
            removable, reason = False, f"process {pid} is still running"
        found.append(Leftover(Path(entry.path), match["kind"], pid, st.st_size, removable, reason))
    return found


def sweep(folder: Path) -> list[Path]:
    """Remove the removable leftovers in ``folder``; returns what was removed. Never
    raises (a file that cannot be removed stays listed by ``find``)."""
    removed = []
    for leftover in find(folder):
        if leftover.removable:
            with contextlib.suppress(OSError):
                leftover.path.unlink()
                removed.append(leftover.path)
    return removed


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no cheap test without pywin32
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
