"""The commands that start the desktop app: ``open`` a project, and the ``demo`` (or, with
``--print``, a description of it on the terminal)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coder.analysis.segments import segment_rows
from coder.errors import CoderError
from coder.project.store import Project
from coder.project.summary import project_info


def _add_quit_after(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quit-after",
        metavar="SECONDS",
        type=float,
        help="close the app after this many seconds (for smoke tests)",
    )


def _start_app(args: argparse.Namespace, **kwargs: object) -> int:
    if args.open_app is None:
        raise CoderError("the desktop app is not available from here; run 'review-coder'")
    return int(args.open_app(quit_after=args.quit_after, **kwargs))


def add_open(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "open",
        help="open a project in the desktop app",
        description="Open PROJECT in the desktop app. 'review-coder PROJECT.rcproj' "
        "does the same, as file managers call it.",
    )
    p.add_argument("project", metavar="PROJECT")
    _add_quit_after(p)
    p.set_defaults(run=run_open)


def run_open(args: argparse.Namespace) -> int:
    if not Path(args.project).exists():
        raise CoderError(f"{args.project}: no such file; create a project with 'review-coder new'")
    return _start_app(args, project=args.project)


def add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="open the demo project in the desktop app",
        description="Open the demo project in the desktop app, making it in your data folder "
        "on first use (three invented review reports, a codebook and codings).",
    )
    p.add_argument("--path", action="store_true", help="print only the demo project's path")
    p.add_argument(
        "--print",
        action="store_true",
        dest="print_only",
        help="describe the demo project on the terminal instead of opening the app",
    )
    _add_quit_after(p)
    p.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from coder.demo.project import ensure_demo

    path = ensure_demo()
    if args.path:
        print(path)
        return 0
    if not args.print_only:
        return _start_app(args, project=str(path))
    print(f"demo project: {path}")
    with Project.open(path, read_only=True) as project:
        info = project_info(project)
        rows = list(segment_rows(project))
    print(f"{len(info['documents'])} reviews, {info['codes']} codes, {info['codings']} codings")
    print("some coded excerpts (code | page | effect | quote):")
    for row in rows[:8]:
        quote = " ".join(str(row[12]).split())
        print(f"  {row[5]} | p.{row[8]} | {row[7] or '-'} | {quote[:70]}")
    print(f"try: review-coder export {path} --segments segments.csv")
    return 0
