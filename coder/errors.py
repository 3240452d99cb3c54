"""Errors a user can cause. Each carries a one-line message saying what is wrong and what to do.

The CLI and the UI show ``str(error)`` and nothing else; anything that is not a
``CoderError`` is a bug.
"""

from __future__ import annotations


class CoderError(Exception):
    """Base class for every error a user can cause."""


class NotAProjectError(CoderError):
    pass


class NewerProjectError(CoderError):
    pass


class ProjectLockedError(CoderError):
    pass


class DamagedProjectError(CoderError):
    """A project file SQLite finds malformed: writers refuse it and point to ``check``."""


class ReadOnlyError(CoderError):
    pass


class DiskFullError(CoderError):
    pass


class PdfError(CoderError):
    """A file that cannot be imported as a PDF."""


class NotFoundError(CoderError):
    pass


class InvalidInputError(CoderError):
    """A value given by the user that does not fit (a bad path, range, regex, ...)."""


class NotWritableError(CoderError):
    """A folder or file the user cannot write: permissions, or a read-only disk."""


class NameTooLongError(CoderError):
    pass


class NotARegularFileError(CoderError):
    """A FIFO, device or socket given where a file is expected."""


class InterruptedByUserError(CoderError):
    """Ctrl-C: the work stopped and the project is as it was before the interrupted step."""


def os_error(exc: OSError, doing: str) -> CoderError:
    """The named, one-line error for an ``OSError`` a user can cause (a full disk, a
    read-only folder, a name too long, a missing file). ``doing`` says what failed, e.g.
    ``"cannot write report.csv"``."""
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFullError(
            f"{doing}: the disk is full; nothing was written. Free some space and try again"
        )
    if code == errno.EROFS:
        return NotWritableError(
            f"{doing}: the disk is read-only{where}; use a writable folder, or open the "
            "project read-only"
        )
    if code in (errno.EACCES, errno.EPERM):
        return NotWritableError(
            f"{doing}: permission denied{where}; use a folder you can write to, or ask "
            "its owner for access"
        )
    if code == errno.ENAMETOOLONG:
        return NameTooLongError(f"{doing}: the file name is too long; choose a shorter name")
    if code == errno.ENOENT:
        return NotFoundError(f"{doing}: no such file or folder{where}")
    if code == errno.ENOTDIR:
        return NotFoundError(f"{doing}: a folder in the path is a file{where}")
    if code == errno.EISDIR:
        return CoderError(f"{doing}: that is a folder, not a file{where}")
    return CoderError(f"{doing}: {exc.strerror or exc}{where}")
