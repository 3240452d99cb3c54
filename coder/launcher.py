"""``review-coder``: the desktop app with no arguments (or a bare ``.rcproj`` path, as file
managers pass it), the command line otherwise. Qt is imported only for the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def open_app(
    project: str | None = None, demo: bool = False, quit_after: float | None = None
) -> int:
    try:
        from coder.ui.app import run
    except ImportError as exc:  # PySide6 missing or its system libraries absent
        print(
            f"review-coder: error: the desktop app cannot start ({exc}); "
            "the command-line commands still work",
            file=sys.stderr,
        )
        return 1
    return run(project, demo=demo, quit_after=quit_after)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl-C)."""
    try:
        from coder.cli.main import main as cli_main

        args = list(sys.argv[1:] if argv is None else argv)
        if not args:
            return open_app()
        if len(args) == 1 and args[0].endswith(".rcproj"):
            return open_app(args[0])
        return cli_main(args, open_app=open_app)
    except KeyboardInterrupt:  # during start-up, before the command's own boundary
        print("review-coder: error: interrupted; nothing was changed", file=sys.stderr)
        return 130
