"""The version, from the installed package's metadata (a leaf module any layer may use)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("review-coder")
except metadata.PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"
