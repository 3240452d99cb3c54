"""Opening, creating and closing a project file, and its transactions.

A project is one SQLite file. While open for writing it runs in WAL mode and
holds a lock file; on close the WAL is checkpointed and the file is switched
back to a rollback journal, so the ``.rcproj`` alone carries everything and can
be copied, synced or mailed. Every user action is one ``write()`` transaction,
begun with ``BEGIN IMMEDIATE`` so a read-then-write cannot race another writer.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from coder import scratch
from coder.atomic import fsync_dir
from coder.errors import (
    CoderError,
    DamagedProjectError,
    DiskFullError,
    NameTooLongError,
    NewerProjectError,
    NotAProjectError,
    NotARegularFileError,
    NotFoundError,
    ProjectLockedError,
    ReadOnlyError,
    os_error,
)
from coder.ids import new_id
from coder.project import schema, sidecars
from coder.project.backup import copy_project
from coder.project.cache import ProjectCache
from coder.project.clock import utc_now
from coder.project.lock import ProjectLock, holder_is_local
from coder.project.sqlite import Database

T = TypeVar("T")
SUFFIX = ".rcproj"
_SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_FULL = 13
_SQLITE_IOERR = 10
_SQLITE_BUSY = 5
_SQLITE_CORRUPT = 11


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


class Project:
    """An open project file, from ``Project.open`` or ``Project.create``; close it after use."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        read_only: bool,
        lock: ProjectLock | None,
        joined: bool = False,
    ) -> None:
        self.path = path
        self.conn = conn
        self.db = Database(conn)
        self.read_only = read_only
        self._lock = lock
        self._closed = False
        #: writing beside the app that holds the lock on this machine (see ``open``)
        self.joined = joined
        #: data that never changes once written (a document's text and geometry)
        self.cache = ProjectCache()

    # -- opening and closing -------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, name: str | None = None, user: str | None = None) -> Project:
        """Create a new, empty project. Raises CoderError if the path is taken or unwritable."""
        path = Path(path)
        check_name(path)
        if path.exists() or path.is_symlink():
            raise CoderError(f"{path} already exists; choose another name or open it")
        if not path.parent.is_dir():
            raise NotFoundError(f"{path.parent} is not a folder; create it first")
        scratch.sweep(path.parent)
        tmp = scratch.scratch_path(path, "creating", project=True)
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                db = Database(conn)
                schema.migrations.apply(db)
                conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION}")
                now = utc_now()
                with db.atomic():
                    conn.executemany(
                        "INSERT INTO project (key, value) VALUES (?, ?)",
                        [("id", new_id()), ("name", name or path.stem), ("created_at", now)],
                    )
            finally:
                conn.close()
            # SQLite synced the file at each commit; the folder holds the rename.
            os.replace(tmp, path)
            fsync_dir(path.parent)
        except sqlite3.Error as exc:
            raise _translate(exc, f"cannot create {path.name}") from None
        except OSError as exc:
            raise os_error(exc, f"cannot create {path.name}") from None
        finally:
            scratch.remove(tmp)
        return cls.open(path, user=user)

    @classmethod
    def open(
        cls,
        path: str | Path,
        read_only: bool = False,
        user: str | None = None,
        shared: bool = False,
    ) -> Project:
        """Open a project. Raises NotFoundError, NotAProjectError, NewerProjectError, and
        ProjectLockedError when another process has it open for writing.

        With ``shared`` (the command line's write commands), a project held by a running
        process *on this machine* is joined instead of refused: SQLite's own locking keeps
        the short command-line transactions and the app's apart, and the app shows the
        changes. A holder on another machine (a shared or synced folder) still refuses.
        """
        path = Path(path)
        _check_header(path)
        lock = None
        joined = False
        if not read_only:
            check_name(path)
            # A symbolic link locks its target: SQLite follows it and names the WAL
            # after the target too.
            real = path.resolve()
            lock = ProjectLock(real, user or default_user())
            try:
                lock.acquire()
            except ProjectLockedError:
                if not (shared and holder_is_local(real)):
                    raise
                lock, joined = None, True
            scratch.sweep(real.parent)
        try:
            if read_only:
                sidecars.recover_journal(path, user or default_user())
                sidecars.check_wal(path, schema.APPLICATION_ID)
            elif not joined:  # we hold the lock: any WAL is a dead writer's, or not ours
                sidecars.check_wal(path, schema.APPLICATION_ID, lock_held=True)
            if read_only:
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                # Check before configuring: WAL mode would rewrite the header of a
                # file we are about to refuse.
                conn.execute("PRAGMA busy_timeout = 5000")
                _check_project(conn, path)
                if not read_only:
                    _refuse_damaged(conn, path)
                pending = _pending_migrations(conn, path, read_only)
                if pending and joined:
                    raise ProjectLockedError(
                        f"{path.name} needs upgrading and is open elsewhere; close it there first"
                    )
                if pending:  # keep the file as it was before upgrading it
                    old = len(schema.migrations.applied(Database(conn)))
                    copy_project(path, schema_copy_path(path, old))
                _configure(conn, read_only)
                if pending:
                    # all migrations in one transaction: an upgrade killed half-way leaves
                    # the file at its old version, not at one in between
                    db = Database(conn)
                    with db.atomic():
                        schema.migrations.apply(db)
                        conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION}")
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            if lock:
                lock.release()
            raise _translate(exc, f"cannot open {path.name}") from None
        except BaseException:
            if lock:
                lock.release()
            raise
        return cls(path, conn, read_only, lock, joined)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.joined and not self.read_only:
            # The holder checkpoints when it closes; if it already has, we do it.
            lock = ProjectLock(self.path.resolve(), default_user())
            try:
                lock.acquire()
                self._lock = lock
            except ProjectLockedError:
                self.conn.close()
                return
        try:
            if not self.read_only:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                # Fold the WAL into the main file and leave it in rollback mode, so
                # that a copy of the .rcproj alone is the whole project. Each step on its
                # own: the checkpoint can be refused ("database table is locked") where
                # the switch, which checkpoints too, still succeeds.
                # (the data is safe in the WAL either way: SQLite replays it on next open)
                for pragma in ("wal_checkpoint(TRUNCATE)", "journal_mode=DELETE"):
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.Error:
            pass
        finally:
            self.conn.close()
            if self._lock:
                self._lock.release()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One user action: everything inside commits together or not at all.

        Nested calls join the outer transaction (as savepoints). Raises
        ReadOnlyError on a read-only project, DiskFullError when the disk fills.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; nothing was changed")
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc, "cannot start a change") from None
        try:
            yield self.db
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc, "the change was not saved") from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Database]:
        """A consistent snapshot for a multi-query read."""
        if self.conn.in_transaction:
            yield self.db
            return
        self.conn.execute("BEGIN")
        try:
            yield self.db
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    # -- small queries ---------------------------------------------------------

    def tolerate_undecodable_text(self) -> None:
        """Decode stored text leniently from now on: bytes that are not UTF-8 (a damaged
        file) become U+FFFD instead of failing the query. Slower (a Python call per text
        value), so ``read_tolerantly`` asks for it only after a read met such text."""
        self.conn.text_factory = _lenient_text

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a ``project`` table value (inside ``write()``)."""
        self.conn.execute(
            "INSERT INTO project (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    @property
    def schema_version(self) -> int:
        return len(schema.migrations.applied(self.db))

    def data_version(self) -> int:
        """Changes when another connection commits (``PRAGMA data_version``)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]


#: the longest name SQLite can add ``-journal`` to, where a name has at most 255 bytes
NAME_MAX = 255 - len("-journal")


def check_name(path: Path) -> None:
    """Raises NameTooLongError for a project name SQLite cannot add ``-journal`` to."""
    size = len(os.fsencode(path.name))
    if size > NAME_MAX:
        raise NameTooLongError(
            f"{path.name[:30]}…: a project file's name can have at most {NAME_MAX} bytes "
            f"(this one has {size}; SQLite adds '-journal' to it); choose a shorter name"
        )


def schema_copy_path(path: Path, version: int) -> Path:
    """``NAME.schema-N.rcproj`` beside ``path``, the stem shortened to fit a file name."""
    tail = f".schema-{version}{SUFFIX}"
    stem = path.stem
    while len(os.fsencode(stem + tail)) > NAME_MAX:
        stem = stem[:-1]
    return path.with_name(stem + tail)


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def is_undecodable(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's refusal to hand Python text that is not UTF-8."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(
        "Could not decode to UTF-8"
    )


def read_tolerantly(run: Callable[[bool], T]) -> tuple[T, bool]:
    """``run(False)``; when it meets stored text that is not UTF-8, ``run(True)``, in which
    the caller opens its projects with ``tolerate_undecodable_text``. Returns the result and
    whether the tolerant run was needed (the caller warns: the file is damaged)."""
    try:
        return run(False), False
    except sqlite3.OperationalError as exc:
        if not is_undecodable(exc):
            raise
    return run(True), True


def _check_header(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NotFoundError(
            f"{path}: no such file; create a project with 'review-coder new'"
        ) from None
    except OSError as exc:
        raise os_error(exc, f"cannot open {path.name}") from None
    if stat.S_ISDIR(mode):
        raise NotAProjectError(f"{path} is a folder, not a project file")
    if not stat.S_ISREG(mode):  # a FIFO would block the read below forever
        raise NotARegularFileError(
            f"{path.name} is not a regular file (a pipe or a device); give a project file"
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise CoderError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if header != _SQLITE_HEADER:
        raise NotAProjectError(f"{path.name} is not a Review Coder project (not an SQLite file)")


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: each commit is on disk when it returns; a coding is never lost
        # to a power cut (measured: still well inside the 5 ms target).
        conn.execute("PRAGMA synchronous = FULL")


def _check_project(conn: sqlite3.Connection, path: Path) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != schema.APPLICATION_ID:
        raise NotAProjectError(f"{path.name} is an SQLite database but not a Review Coder project")


def _refuse_damaged(conn: sqlite3.Connection, path: Path) -> None:
    """Writing into a malformed file spreads the damage: refuse, and point to ``check``.
    (``quick_check`` reads every page but skips comparing indexes with their tables:
    about 0.1 s for a 250 MB file.)"""
    # a closed cursor: a statement left active fails the switch back to a rollback
    # journal on close ("database table is locked"), which leaves the WAL beside the file
    cursor = conn.cursor()
    try:
        first = cursor.execute("PRAGMA quick_check(1)").fetchall()[0][0]
    except sqlite3.DatabaseError as exc:
        first = str(exc)
    finally:
        cursor.close()
    if first != "ok":
        raise DamagedProjectError(_damaged_message(path, " ".join(first.split())))


def _damaged_message(path: Path, detail: str) -> str:
    return (
        f"{path.name} is damaged ({detail}); nothing was changed. "
        f"Run 'review-coder check {path}' to see the damage, and 'check --fix' to repair "
        "what can be repaired"
    )


def _pending_migrations(conn: sqlite3.Connection, path: Path, read_only: bool) -> bool:
    """Whether migrations are due. Raises for a newer project, or an older one opened read-only."""
    applied = [m.name for m in schema.migrations.applied(Database(conn))]
    unknown = [n for n in applied if n not in schema.known_names()]
    if unknown:
        raise NewerProjectError(
            f"{path.name} was made by a newer Review Coder (schema version {len(applied)}, "
            f"this one knows {schema.LATEST_VERSION}); update Review Coder to open it"
        )
    if len(applied) == schema.LATEST_VERSION:
        return False
    if read_only:
        raise ReadOnlyError(
            f"{path.name} uses an older schema (version {len(applied)}); "
            "open it once for writing to upgrade it"
        )
    return True


def _translate(exc: sqlite3.Error, doing: str) -> CoderError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL:
        return DiskFullError(
            f"{doing}: the disk is full; nothing was written. Free some space and try again"
        )
    if primary == _SQLITE_BUSY:
        return ProjectLockedError(f"{doing}: the project is busy in another program; try again")
    if primary == _SQLITE_IOERR:
        return CoderError(f"{doing}: the disk reported an error ({exc}); nothing was written")
    if primary == _SQLITE_CORRUPT:
        return DamagedProjectError(
            f"{doing}: the project file is damaged ({exc}); run 'review-coder check' on it to "
            "see the damage, and 'check --fix' to repair what can be repaired"
        )
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return NotAProjectError(f"{doing}: the file is not a Review Coder project or is damaged")
    return CoderError(f"{doing}: {exc}")
