"""``review-coder recommendations``: detect, accept, export and update the register."""

from __future__ import annotations

import argparse
from contextlib import ExitStack

from coder.analysis.recommendation_tables import export_register, import_statuses, register_view
from coder.analysis.recommendation_tables import summary as cluster_summary
from coder.cli.options import add_coder
from coder.errors import InvalidInputError
from coder.project import coders, documents
from coder.project import recommendation_suggestions as found_repo
from coder.project.store import Project
from coder.recommendations import suggestions
from coder.recommendations.cluster import DEFAULT_THRESHOLD


def add_recommendations(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recommendations",
        help="the recommendations register: detect, accept, export, import statuses",
        description="The recommendations register. --detect suggests recommendations in "
        "every document (numbered items under a recommendations heading, 'Recommendation "
        "N' paragraphs, action-plan tables) and prints one line per document; --accept "
        "also makes every open suggestion a record. --out writes one row per "
        "recommendation (.csv, .xlsx or .parquet) with its current status, its group of "
        "repeated recommendations and its review's attributes; --responses writes the "
        "timeline of status entries. --import applies status updates from a table (all "
        "or nothing unless --partial). --clusters prints the groups of repeated "
        "recommendations. --out and --clusters pool several projects.",
    )
    p.add_argument("projects", metavar="PROJECT", nargs="+")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--detect", action="store_true", help="suggest recommendations")
    what.add_argument("--out", metavar="FILE", help="write the register (.csv, .xlsx, .parquet)")
    what.add_argument(
        "--import", metavar="FILE", dest="import_file", help="apply status updates from FILE"
    )
    what.add_argument(
        "--clusters", action="store_true", help="print the groups of repeated recommendations"
    )
    p.add_argument(
        "--accept", action="store_true", help="with --detect: accept every open suggestion"
    )
    p.add_argument(
        "--responses", metavar="FILE", help="with --out: also write the status timeline to FILE"
    )
    p.add_argument(
        "--threshold",
        metavar="T",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"with --out or --clusters: the similarity (0-1] that groups repeated "
        f"recommendations (default: {DEFAULT_THRESHOLD})",
    )
    p.add_argument(
        "--excel-safe",
        action="store_true",
        help="with --out as csv: prefix cells starting with = + - @ tab CR, write a BOM",
    )
    p.add_argument(
        "--partial", action="store_true", help="with --import: apply the valid rows anyway"
    )
    add_coder(p)
    p.set_defaults(run=run_recommendations)


def _read(stack: ExitStack, path: str) -> Project:
    project = stack.enter_context(Project.open(path, read_only=True))
    stack.enter_context(project.read())
    return project


def run_recommendations(args: argparse.Namespace) -> int:
    if args.accept and not args.detect:
        raise InvalidInputError("--accept goes with --detect")
    if args.responses and not args.out:
        raise InvalidInputError("--responses goes with --out")
    if args.partial and not args.import_file:
        raise InvalidInputError("--partial goes with --import")
    if not 0.0 < args.threshold <= 1.0:
        raise InvalidInputError(f"--threshold {args.threshold}: give a number above 0, up to 1")
    if len(args.projects) > 1 and not (args.out or args.clusters):
        raise InvalidInputError("name one project (several only with --out or --clusters)")
    args.project = args.projects[0]
    if args.out:
        with ExitStack() as stack:
            pool = [_read(stack, path) for path in args.projects]
            written = export_register(
                pool, args.out, args.responses, args.threshold, args.excel_safe
            )
        for path, rows in written.items():
            print(f"wrote {rows} rows to {path}")
        return 0
    if args.clusters:
        with ExitStack() as stack:
            view = register_view([_read(stack, path) for path in args.projects], args.threshold)
        by_id = {r.id: r for r in view.recs}
        repeated = [c for c in view.clusters if len(c.members) > 1]
        for c in repeated:
            mark = " (confirmed)" if c.confirmed_id else ""
            print(f"cluster {c.number}{mark}: {cluster_summary(view, c)}")
            for m in c.members:
                rec = by_id[m]
                where = f"[{view.labels[view.project_of[m]]}] " if len(view.labels) > 1 else ""
                review = view.review_names.get(rec.review_id, "")
                print(f"  {where}{review} {rec.label}: {rec.text}")
        print(f"{len(repeated)} groups of repeated recommendations among {len(view.recs)}")
        return 0
    with Project.open(args.project, user=args.coder, shared=True) as project:
        with project.write():
            coder_id = coders.ensure_coder(project, args.coder).id
        if args.import_file:
            result = import_statuses(project, args.import_file, coder_id, args.partial)
            for line in result.warnings:
                print(f"warning: {line}")
            for line in result.errors:
                print(f"error: {line}")
            if result.errors and not args.partial:
                print(
                    f"nothing applied: {len(result.errors)} problem(s); fix them, or use --partial"
                )
                return 1
            print(
                f"{result.added} status entries added, {result.unchanged} already recorded"
                + (f"; {len(result.errors)} rows skipped" if result.errors else "")
            )
            return 1 if result.errors else 0
        docs = documents.list_documents(project)
        suggestions.detect_all(project)
        open_ = found_repo.suggestion_counts(project)
        for doc in docs:
            print(f"{open_.get(doc.id, 0)} suggested  {doc.title}")
        if args.accept:
            ids = [s.id for s in found_repo.list_suggestions(project)]
            if ids:
                suggestions.accept(project, ids, coder_id)
            print(f"accepted {len(ids)} suggestions")
    return 0
