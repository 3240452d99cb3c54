"""Review Coder: qualitative coding of published case reviews for police learning."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("review-coder")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
