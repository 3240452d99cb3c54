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
