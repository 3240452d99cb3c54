"""``briefing``: make a themed practice briefing, or write one (pooled across projects like
the exports) as DOCX, PDF or HTML after the disclosure check."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from coder.analysis.disclosure import report_path
from coder.analysis.pool import pooled
from coder.cli.options import coder_default
from coder.cli.output import tolerant, warning
from coder.coding import briefings as make
from coder.errors import InvalidInputError
from coder.project import briefings as repo
from coder.project import coders, codes
from coder.project.store import Project


def add_briefing(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "briefing",
        help="a themed practice briefing: make one, or write it as DOCX, PDF or HTML",
        description="With --new NAME, make a briefing in PROJECT with the themes given "
        "(--theme CODE_PATH, or --framework NAME --category NAME) and the quotes starred "
        "(--star CODING_ID). With --briefing NAME --out FILE.docx|FILE.pdf|FILE.html, write "
        "the briefing of the first PROJECT with its numbers computed over every PROJECT "
        "(pooled as the exports are), after the disclosure check (its report is written "
        "beside). --list prints the briefings.",
    )
    p.add_argument("projects", metavar="PROJECT", nargs="+")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--new", metavar="NAME", help="make a briefing with this name")
    what.add_argument("--briefing", metavar="NAME", help="the briefing to write with --out")
    what.add_argument("--list", action="store_true", help="print the briefings")
    p.add_argument("--theme", metavar="CODE_PATH", action="append", dest="themes")
    p.add_argument("--framework", metavar="NAME", help="the framework of --category")
    p.add_argument("--category", metavar="NAME", action="append", dest="categories")
    p.add_argument("--star", metavar="CODING_ID", action="append", dest="stars")
    p.add_argument("--title", metavar="TEXT", help="the title (default: the name)")
    p.add_argument("--audience", metavar="TEXT", help="who the briefing is for")
    p.add_argument(
        "--method", metavar="TEXT", help="the method paragraph (default: a standard one)"
    )
    p.add_argument("--out", metavar="FILE", help="FILE.docx, FILE.pdf or FILE.html")
    p.add_argument("--template", metavar="FILE", help="a .docx whose styles the DOCX takes")
    p.add_argument(
        "--coder",
        metavar="NAME",
        action="append",
        dest="coders",
        help="with --out: only this coder's codings (repeatable; default: every coder)",
    )
    p.add_argument("--json", action="store_true", help="with --list: as JSON")
    p.add_argument(
        "--by",
        metavar="NAME",
        default=None,
        help="with --new: who makes it (default: $REVIEW_CODER_NAME or your login name)",
    )
    p.set_defaults(run=run_briefing)


def run_briefing(args: argparse.Namespace) -> int:
    if args.new is not None:
        return _new(args)
    if args.list:
        return _list(args)
    if not args.out:
        raise InvalidInputError("--briefing NAME needs --out FILE.docx|FILE.pdf|FILE.html")
    return _write(args)


def _new(args: argparse.Namespace) -> int:
    if len(args.projects) != 1:
        raise InvalidInputError("--new makes a briefing in one PROJECT")
    if args.categories and not args.framework:
        raise InvalidInputError("--category needs --framework NAME")
    if not args.themes and not args.categories:
        raise InvalidInputError(
            "name its themes: --theme CODE_PATH or --framework NAME --category NAME (repeatable)"
        )
    by = args.by or coder_default()
    with Project.open(args.projects[0], user=by, shared=True) as project:
        tree = codes.code_tree(project)
        by_path = {tree.path(c): c for c in tree.parent}
        choices = []
        for path in args.themes or []:
            code = by_path.get(path.strip().strip("/"))
            if code is None:
                raise InvalidInputError(f"no code '{path}' in the project")
            choices.append(make.ThemeChoice(code_id=code))
        for category in args.categories or []:
            choices.append(make.ThemeChoice(framework=args.framework, category=category))
        with project.write():
            coder = coders.ensure_coder(project, by).id
            made = make.create_briefing(
                project, args.new, choices, coder, args.title or "", args.audience or ""
            )
            briefing_id = made.created("briefing")[0]
            if args.method:
                make.set_field(project, briefing_id, "method", args.method, coder)
            for coding_id in args.stars or []:
                make.star(project, briefing_id, coding_id, coder)
        found = repo.get_briefing(project, briefing_id)
    assert found is not None
    stars = sum(len(t.stars) for t in found.themes)
    print(f"made briefing '{found.name}': {len(found.themes)} themes, {stars} quotes starred")
    return 0


def _list(args: argparse.Namespace) -> int:
    with Project.open(args.projects[0], read_only=True) as project:
        tree = codes.code_tree(project)
        found = repo.list_briefings(project)
        data: list[dict[str, Any]] = [
            {
                "id": b.id,
                "name": b.name,
                "title": b.title,
                "audience": b.audience,
                "themes": [
                    {
                        "code": tree.path(t.code_id) if t.code_id else None,
                        "framework": t.framework,
                        "category": t.category,
                        "stars": list(t.stars),
                    }
                    for t in b.themes
                ],
            }
            for b in found
        ]
    if args.json:
        print(json.dumps({"briefings": data}, ensure_ascii=False, indent=2))
        return 0
    for b in data:
        labels = [t["code"] or f"{t['framework']}: {t['category']}" for t in b["themes"]]
        print(f"{b['name']}: {b['title']} ({'; '.join(labels) or 'no themes'})")
    return 0


def _write(args: argparse.Namespace) -> int:
    from coder.analysis.briefing import find_briefing
    from coder.analysis.briefing_output import write_briefing

    out = Path(args.out)
    template = Path(args.template) if args.template else None

    def write(lenient: bool):
        with pooled(args.projects, args.coders, lenient=lenient) as pool:
            return write_briefing(pool, find_briefing(pool, args.briefing), out, template)

    laid = tolerant(write, args.projects)
    quotes = sum(len(t.quotes) for t in laid.themes)
    if laid.missing:
        warning(f"{laid.missing} starred quotes are no longer in the project(s) and were left out")
    print(f"wrote briefing '{laid.title}' ({len(laid.themes)} themes, {quotes} quotes) to {out}")
    print(f"disclosure check: {laid.disclosure.summary()} (report: {report_path(out)})")
    return 0
