"""``export`` and ``report``: tables and theme reports from one project or several."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from coder.analysis.disclosure import guarded_segments, report_path, write_beside
from coder.analysis.explains import factor_judgement, links_table
from coder.analysis.framework_rollup import Rollup
from coder.analysis.pool import pooled
from coder.analysis.tables import write_table
from coder.cli.output import tolerant
from coder.errors import InvalidInputError


def _add_coder_filter(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--coder",
        metavar="NAME",
        action="append",
        dest="coders",
        help="only this coder's codings (repeatable; default: every coder)",
    )


def _add_section_filter(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--section-kind",
        metavar="KIND",
        action="append",
        dest="section_kinds",
        help="only codings that start in a section of this kind, e.g. recommendations "
        "(repeatable; see 'review-coder outline')",
    )


def add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export coded data for analysis, from one project or several pooled",
        description="Export tables for analysis from one or more projects (pooled: codes match "
        "by id, then by path, and a 'project' column says where each row comes from). Every "
        "coder's codings count unless --coder is given. Formats by extension: .csv, .xlsx, "
        ".parquet (with pyarrow).",
    )
    p.add_argument("projects", metavar="PROJECT", nargs="+")
    _add_coder_filter(p)
    _add_section_filter(p)
    p.add_argument(
        "--unit",
        choices=["review", "document"],
        default="review",
        help="the unit of the matrix, crosstab and co-occurrence (default: review)",
    )
    p.add_argument("--segments", metavar="FILE", help="one row per coding")
    p.add_argument("--matrix", metavar="FILE", help="one row per unit, one column per code")
    p.add_argument("--binary", action="store_true", help="matrix cells 0/1 instead of counts")
    p.add_argument(
        "--rollup",
        action="store_true",
        help="count sub-codes in their parents (matrix, crosstab, co-occurrence)",
    )
    p.add_argument("--crosstab", metavar="FILE", help="codes by the values of --by")
    p.add_argument(
        "--framework",
        metavar="NAME",
        help="matrix and crosstab by this framework's categories instead of by code",
    )
    p.add_argument("--by", metavar="ATTRIBUTE", help="the review attribute for --crosstab")
    p.add_argument("--cooccurrence", metavar="FILE", help="code pairs: units and overlaps")
    p.add_argument("--codebook", metavar="FILE", help="codes with definitions and counts")
    p.add_argument(
        "--explains", metavar="FILE", help="one row per link: a factor coding explains practice"
    )
    p.add_argument(
        "--factors",
        metavar="FILE",
        help="factor × judgement: which factors explain missed opportunities, counting units",
    )
    p.add_argument(
        "--excel-safe",
        action="store_true",
        help="CSV only: prefix cells starting with = + - @ tab CR, and write a BOM",
    )
    p.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    tables = (
        args.segments,
        args.matrix,
        args.crosstab,
        args.cooccurrence,
        args.codebook,
        args.explains,
        args.factors,
    )
    if not any(tables):
        raise InvalidInputError(
            "name at least one table to write (--segments, --matrix, "
            "--crosstab, --cooccurrence, --codebook, --explains, --factors)"
        )
    if args.crosstab and not args.by:
        raise InvalidInputError("--crosstab needs --by ATTRIBUTE")
    return tolerant(lambda lenient: _export(args, lenient), args.projects)


def _export(args: argparse.Namespace, lenient: bool) -> int:
    with pooled(args.projects, args.coders, args.unit, args.section_kinds, lenient) as pool:
        rollup = Rollup(pool, args.framework) if args.framework else None
        if rollup is not None:
            print(f"by {rollup.describe()}")
        jobs: list[tuple[str, str, Callable[[], tuple[list[str], Iterable[Sequence[object]]]]]]
        jobs = []
        found = None
        if args.segments:
            seg_header, seg_rows, found = guarded_segments(pool, Path(args.segments))
            jobs.append(("segments", args.segments, lambda: (seg_header, seg_rows)))
        if args.matrix and rollup is not None:
            jobs.append((f"{args.unit}s", args.matrix, partial(rollup.matrix, args.binary)))
        elif args.matrix:
            jobs.append(
                (
                    f"{args.unit}s",
                    args.matrix,
                    lambda: pool.matrix(binary=args.binary, rollup=args.rollup),
                )
            )
        if args.crosstab and rollup is not None:
            jobs.append(("rows", args.crosstab, partial(rollup.crosstab, args.by)))
        elif args.crosstab:
            jobs.append(("rows", args.crosstab, lambda: pool.crosstab(args.by, args.rollup)))
        if args.cooccurrence:
            jobs.append(("code pairs", args.cooccurrence, lambda: pool.cooccurrence(args.rollup)))
        if args.codebook:
            jobs.append(("codes", args.codebook, pool.codebook))
        if args.explains:
            jobs.append(("links", args.explains, lambda: links_table(pool)))
        if args.factors:
            jobs.append(("rows", args.factors, lambda: factor_judgement(pool, args.rollup)))
        for what, path, make in jobs:
            header, rows = make()
            n = write_table(path, header, rows, args.excel_safe)
            print(f"wrote {n} {what} to {path}")
        if found is not None:
            where = write_beside(found, Path(args.segments))
            print(f"disclosure check: {found.summary()} (report: {where})")
    return 0


def add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="a theme report: every excerpt of a code, for a practice briefing",
        description="Write a theme report for a code (with its sub-codes): its definition, "
        "the reviews with the theme by review type, then every excerpt grouped by review "
        "with its citation and effect. FILE.html, or FILE.pdf.",
    )
    p.add_argument("projects", metavar="PROJECT", nargs="+")
    theme = p.add_mutually_exclusive_group(required=True)
    theme.add_argument("--code", metavar="PATH")
    theme.add_argument(
        "--category", metavar="NAME", help="a category of --framework instead of a code"
    )
    p.add_argument("--framework", metavar="NAME", help="the framework of --category")
    _add_coder_filter(p)
    _add_section_filter(p)
    p.add_argument("--out", metavar="FILE", required=True, help="FILE.html or FILE.pdf")
    p.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    from coder.analysis.report import write_report

    if args.category and not args.framework:
        raise InvalidInputError("--category needs --framework NAME")

    def report(lenient: bool) -> int:
        with pooled(
            args.projects, args.coders, section_kinds=args.section_kinds, lenient=lenient
        ) as pool:
            if args.category:
                return write_report(pool, args.category, Path(args.out), args.framework)
            return write_report(pool, args.code, Path(args.out))

    n = tolerant(report, args.projects)
    print(f"wrote {n} excerpts to {args.out}")
    print(f"disclosure check: report in {report_path(Path(args.out))}")
    return 0
