"""``review-coder casedata``: the case-data schema, spreadsheets of people, relationships
and police contacts, pooled counts, and agreement between two coders' extractions."""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack
from pathlib import Path

from coder.analysis.casedata_counts import contact_counts, describe, person_counts, summary
from coder.analysis.casedata_tables import FORMATS, export_casedata, import_casedata
from coder.analysis.tables import write_table
from coder.cli.options import coder_default
from coder.codebook.case_schema import load_case_schema
from coder.codebook.files import shipped_or_path
from coder.coding.casedata import load_schema
from coder.errors import InvalidInputError
from coder.ids import CoderId
from coder.project import coders
from coder.project.store import Project
from coder.teamwork.casedata_agreement import case_agreement


def add_casedata(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "casedata",
        help="case data: the schema, spreadsheets of people, relationships and police "
        "contacts, pooled counts, agreement",
        description="Case data extracted review by review. --schema FILE loads a case-data "
        "schema (the shipped one is 'case-data') or upgrades the project's: kinds and fields "
        "match by id, then name, and values are kept. --out DIR writes one table per kind "
        "(people, relationships, contacts) with each review's id, name and attributes. "
        "--import DIR applies tables in the same layout (all or nothing unless --partial). "
        "--summary, --people-counts and --contact-counts count across the projects named; "
        "--agreement compares two coders' extractions.",
    )
    p.add_argument("projects", metavar="PROJECT", nargs="+")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--schema", metavar="FILE", help="load or upgrade the case-data schema")
    what.add_argument("--out", metavar="DIR", help="write people, relationships and contacts")
    what.add_argument("--import", metavar="DIR", dest="import_dir", help="apply the tables in DIR")
    what.add_argument(
        "--summary", action="store_true", help="print reviews, people, relationships, contacts"
    )
    what.add_argument(
        "--people-counts",
        metavar="FILE",
        help="write people with each value of each choice field, with denominators",
    )
    what.add_argument(
        "--contact-counts",
        metavar="FILE",
        help="write police contacts per review by contact type and practice judgement",
    )
    what.add_argument(
        "--agreement", action="store_true", help="agreement between two --coder extractions"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="with --out: the tables' format (default: csv)",
    )
    p.add_argument(
        "--excel-safe",
        action="store_true",
        help="with --out as csv: prefix cells starting with = + - @ tab CR, write a BOM",
    )
    p.add_argument(
        "--partial", action="store_true", help="with --import: apply the valid rows anyway"
    )
    p.add_argument("--role", metavar="ROLE", help="with --people-counts: only people in ROLE")
    p.add_argument(
        "--field",
        metavar="NAME",
        action="append",
        default=[],
        help="with --people-counts: only these person fields (repeatable)",
    )
    p.add_argument(
        "--kind",
        metavar="KIND",
        action="append",
        default=[],
        help="with --agreement: only these kinds (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="with --summary or --agreement: JSON")
    p.add_argument(
        "--coder",
        metavar="NAME",
        action="append",
        default=[],
        help="who is doing this (--schema, --import; default: $REVIEW_CODER_NAME or your "
        "login name); for counts, only these coders' records; for --agreement, the two coders",
    )
    p.set_defaults(run=run_casedata)


def _open_writing(args: argparse.Namespace) -> tuple[Project, CoderId]:
    name = args.coder[-1] if args.coder else coder_default()
    project = Project.open(args.project, user=name, shared=True)
    try:
        with project.write():
            coder = coders.ensure_coder(project, name)
    except BaseException:
        project.close()
        raise
    return project, coder.id


def run_casedata(args: argparse.Namespace) -> int:
    pooled = args.summary or args.people_counts or args.contact_counts
    if not pooled and len(args.projects) > 1:
        raise InvalidInputError("name one project (several only with the counts)")
    args.project = args.projects[0]
    if pooled:
        return _counts(args)
    if args.agreement:
        return _agreement(args)
    if args.schema:
        schema = load_case_schema(shipped_or_path(args.schema))
        project, coder_id = _open_writing(args)
        with project:
            report = load_schema(project, schema, coder_id)
        print("\n".join(report.lines()))
        return 0
    if args.out:
        if args.partial:
            raise InvalidInputError("--partial goes with --import")
        with Project.open(args.project, read_only=True) as project:
            written = export_casedata(project, Path(args.out), args.format, args.excel_safe)
        for name, rows in written.items():
            print(f"wrote {rows} rows to {Path(args.out) / name}")
        return 0
    project, coder_id = _open_writing(args)
    with project:
        result = import_casedata(project, Path(args.import_dir), coder_id, args.partial)
    for line in result.warnings:
        print(f"warning: {line}")
    for line in result.errors:
        print(f"error: {line}")
    if result.errors and not args.partial:
        print(f"nothing applied: {len(result.errors)} problem(s); fix them, or use --partial")
        return 1
    summary = {"created": result.created, "updated": result.updated}
    print(
        f"{summary['created']} records added, {summary['updated']} updated from "
        f"{', '.join(result.files)}"
        + (f"; {len(result.errors)} rows skipped" if result.errors else "")
    )
    return 1 if result.errors else 0


def _counts(args: argparse.Namespace) -> int:
    coders_named = args.coder or None
    with ExitStack() as stack:
        projects = [
            stack.enter_context(Project.open(path, read_only=True)) for path in args.projects
        ]
        if args.summary:
            totals = summary(projects, coders_named)
            if args.json:
                print(json.dumps(totals, ensure_ascii=False, indent=1))
                return 0
            print(
                f"{totals['reviews']} reviews with case data: {totals['people']['total']} people, "
                f"{totals['relationships']['total']} relationships, "
                f"{totals['contacts']['total']} police contacts"
            )
            for key, entry in totals.items():
                if key == "reviews":
                    continue
                for by, counts in entry.items():
                    if by.startswith("by "):
                        print(f"{key} {by}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return 0
        if args.people_counts:
            table = person_counts(projects, args.role, args.field or None, coders_named)
            n = write_table(args.people_counts, table.header, table.rows)
            noun = args.role or "people"
            for row in table.rows:
                print(describe(row, noun))
            print(f"wrote {n} rows to {args.people_counts}")
            return 0
        table = contact_counts(projects, coders_named)
        n = write_table(args.contact_counts, table.header, table.rows)
        print(f"wrote {n} rows to {args.contact_counts}")
        return 0


def _agreement(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        report = case_agreement(project, args.coder, args.kind or None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(report['reviews'])} reviews extracted by {' and '.join(report['coders'])}")
    for kind in report["kinds"]:
        print(
            f"{kind['kind']}: {kind['paired']} paired, "
            f"{len(kind['only_one_coder'])} extracted by one coder only"
        )
        for f in kind["fields"]:
            pa = f["percent_agreement"]
            kappa = f["cohen_kappa"]
            print(
                f"  {f['field']}: {f['agreements']}/{f['units']} agree"
                + (f" ({pa:.0%})" if pa is not None else "")
                + (f", kappa {kappa:.2f}" if kappa is not None else "")
            )
    return 0
