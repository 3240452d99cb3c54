"""Entry point: ``review-coder COMMAND ...`` (also ``python -m coder``).

Conventions for every command: inputs are positional; a written file is named by
``--out FILE`` or by a named option (``--segments FILE``); repeatable options are
repeated; errors are one line on stderr; exit 0 success, 1 failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from coder._version import __version__
from coder.cli import commands
from coder.cli.output import error
from coder.errors import CoderError, InvalidInputError, os_error

AppOpener = Callable[..., int]

#: the one line for Ctrl-C: every step is one transaction, so the unfinished one is undone
INTERRUPTED = "interrupted; the steps completed are saved and the one under way was undone"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        error(f"{self.prog}: {message} (see '{self.prog} --help')")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="review-coder",
        description="Code published case reviews (DHRs, CSPRs, SARs, MAPPA reviews) for "
        "police learning. Run a command with --help for its options.",
    )
    parser.add_argument("--version", action="version", version=f"review-coder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for register in commands.REGISTRY:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None, open_app: AppOpener | None = None) -> int:
    """Run one command. ``open_app`` starts the desktop app (given by the launcher, so that
    this layer never imports the UI)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.open_app = open_app
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except InvalidInputError as exc:  # a value given on the command line does not fit
        error(str(exc))
        return 2
    except CoderError as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        error(INTERRUPTED)
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:  # a disk or folder that refuses, where no layer named it
        error(str(os_error(exc, f"{args.command} stopped")))
        return 1
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("REVIEW_CODER_DEBUG"):
            raise
        error(
            f"internal error ({type(exc).__name__}: {exc}); "
            "set REVIEW_CODER_DEBUG=1 for details and please report it"
        )
        return 1
