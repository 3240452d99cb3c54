"""Options several commands share."""

from __future__ import annotations

import argparse
import os

from coder.project.store import default_user


def coder_default() -> str:
    """Who is at the keyboard: ``$REVIEW_CODER_NAME``, else the login name."""
    return os.environ.get("REVIEW_CODER_NAME") or default_user()


def add_coder(
    p: argparse.ArgumentParser,
    required: bool = False,
    help: str = "who is doing this",
    flag: str = "--coder",
) -> None:
    p.add_argument(
        flag,
        metavar="NAME",
        required=required,
        default=None if required else coder_default(),
        help=help if required else f"{help} (default: $REVIEW_CODER_NAME or your login name)",
    )
