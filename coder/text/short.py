"""Text shortened for one line of a log, a report or a status bar."""

from __future__ import annotations


def short(text: str | None, n: int = 60) -> str:
    """``text`` on one line (runs of whitespace as one space), cut to ``n`` characters
    with an ellipsis when longer; None is ''."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
