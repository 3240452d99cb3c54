"""Review Coder: qualitative coding of published case reviews for police learning."""

from __future__ import annotations

from coder._version import __version__

__all__ = ["__version__", "open_project", "pool"]


def __getattr__(name: str):
    # the analysis API, imported on first use so that "import coder" stays light
    if name in ("open_project", "pool"):
        from coder.analysis import api

        return getattr(api, name)
    raise AttributeError(f"module 'coder' has no attribute {name!r}")
