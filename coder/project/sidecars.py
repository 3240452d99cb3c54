"""The files SQLite keeps beside a project, checked before SQLite sees them.

* ``-wal``: SQLite replays any WAL whose frames are consistent with its own header; it
  cannot tell a WAL that belongs to another file (put beside the project by a sync tool
  or a careless copy). We read the WAL's header and frame headers (the format is
  documented at https://www.sqlite.org/fileformat2.html#walformat) and refuse one that
  cannot be this file's: committed frames beside a file whose header says it is not in WAL
  mode (ours leave WAL mode on close, after the WAL is checkpointed and emptied), a page
  size that differs, or a first page that is not a Review Coder project's.
* ``-journal``: a writer killed in a rollback-journal transaction (as while switching to
  WAL on open) leaves a hot journal, which only a writable connection can roll back; a
  read-only open rolls it back first, on a writable connection under the project lock.
* ``-shm``: rebuilt by SQLite from the WAL by the first connection to open the file, so a
  stray one needs nothing from us.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from coder.errors import CoderError, ProjectLockedError
from coder.project.lock import ProjectLock

_WAL_MAGIC = (0x377F0682, 0x377F0683)
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_DB_HEADER = 100
_WAL_HEADER = 32
_FRAME_HEADER = 24


class ForeignWalError(CoderError):
    pass


class UnfinishedChangeError(CoderError):
    pass


def wal_problem(path: Path, application_id: int) -> str | None:
    """Why the ``-wal`` beside ``path`` cannot be this file's, or None (no WAL, an empty
    or invalid one that SQLite ignores, or one that fits)."""
    wal = path.with_name(path.name + "-wal")
    try:
        with wal.open("rb") as fh:
            header = fh.read(_WAL_HEADER)
            if len(header) < _WAL_HEADER:
                return None
            magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">6I", header[:24])
            if magic not in _WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
                return None
            committed, first_page = _committed_frames(fh, page_size, salt1, salt2)
        with path.open("rb") as fh:
            db = fh.read(_DB_HEADER)
    except OSError:
        return None  # unreadable: SQLite's own open reports it
    if not committed or len(db) < _DB_HEADER:
        return None
    db_page_size = struct.unpack(">H", db[16:18])[0]
    db_page_size = 65536 if db_page_size == 1 else db_page_size
    if db[18] != 2 or db[19] != 2:
        return f"{path.name} is not in WAL mode, yet the WAL holds {committed} committed pages"
    if page_size != db_page_size:
        return f"its pages are {page_size} bytes and the project's {db_page_size}"
    if first_page is not None and struct.unpack(">I", first_page[68:72])[0] != application_id:
        return "its first page is not a Review Coder project's"
    return None


def _committed_frames(fh, page_size: int, salt1: int, salt2: int) -> tuple[int, bytes | None]:
    """The number of frames up to the last commit whose salts match the WAL header (the
    frames SQLite would replay), and the newest committed image of page 1, if any."""
    frames = committed = 0
    pending_first: bytes | None = None
    first: bytes | None = None
    offset = _WAL_HEADER
    while True:
        fh.seek(offset)
        head = fh.read(_FRAME_HEADER)
        if len(head) < _FRAME_HEADER:
            break
        page, db_size, s1, s2 = struct.unpack(">4I", head[:16])
        if (s1, s2) != (salt1, salt2) or page == 0:
            break
        if page == 1:
            pending_first = fh.read(_DB_HEADER)
            if len(pending_first) < _DB_HEADER:
                break
        frames += 1
        if db_size:  # a commit frame: what came before it is replayed
            committed = frames
            first = pending_first if pending_first is not None else first
        offset += _FRAME_HEADER + page_size
    return committed, first


def check_wal(path: Path, application_id: int, lock_held: bool = False) -> None:
    """Raises ForeignWalError when a ``-wal`` beside ``path`` cannot be its own and no
    writer holds the project (a live writer's WAL changes under us while we read it).
    ``lock_held``: the caller holds the project lock, so no writer can be present."""
    problem = wal_problem(path, application_id)
    if problem is None or (not lock_held and _writer_present(path)):
        return
    raise ForeignWalError(
        f"{path.name}-wal is not this project's WAL ({problem}); it may have been put there "
        "by a sync tool or a copy. Move it out of the folder and open the project again"
    )


def _writer_present(path: Path) -> bool:
    lock = ProjectLock(path.resolve(), "check")
    try:
        lock.acquire()
    except ProjectLockedError:
        return True
    except CoderError:  # a read-only folder: no writer can be there either
        return False
    lock.release()
    return False


def has_hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    try:
        with journal.open("rb") as fh:
            return fh.read(len(_JOURNAL_MAGIC)) == _JOURNAL_MAGIC
    except OSError:
        return False


def recover_journal(path: Path, user: str) -> None:
    """Roll back a hot ``-journal`` left by a killed writer, so that a read-only open can
    read the file. Does nothing when there is none or a writer holds the project (it rolls
    back its own). Raises UnfinishedChangeError when the folder cannot be written."""
    if not has_hot_journal(path):
        return
    lock = ProjectLock(path.resolve(), user)
    try:
        lock.acquire()
    except ProjectLockedError:
        return
    except CoderError:
        raise _unfinished(path) from None
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:  # the first read on a writable connection rolls a hot journal back
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        raise _unfinished(path) from None
    finally:
        lock.release()


def _unfinished(path: Path) -> UnfinishedChangeError:
    return UnfinishedChangeError(
        f"{path.name}: a change was interrupted ({path.name}-journal is beside it) and must "
        "be undone before the project can be read; open it once from a folder you can write to"
    )
