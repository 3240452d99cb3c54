"""``review-coder casedata``: the case-data schema, spreadsheets of people, relationships
and police contacts, pooled counts, and agreement between two coders' extractions."""

from __future__ import annotations

import argparse
from pathlib import Path

from coder.analysis.casedata_tables import FORMATS, export_casedata, import_casedata
from coder.cli.options import add_coder
from coder.codebook.case_schema import load_case_schema
from coder.codebook.files import shipped_or_path
from coder.coding.casedata import load_schema
from coder.errors import InvalidInputError
from coder.ids import CoderId
from coder.project import coders
from coder.project.store import Project


def add_casedata(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "casedata",
        help="case data: load the schema, write or apply spreadsheets of people, "
        "relationships and police contacts",
        description="Case data extracted review by review. --schema FILE loads a case-data "
        "schema (the shipped one is 'case-data') or upgrades the project's: kinds and fields "
        "match by id, then name, and values are kept. --out DIR writes one table per kind "
        "(people, relationships, contacts) with each review's id, name and attributes. "
        "--import DIR applies tables in the same layout (all or nothing unless --partial).",
    )
    p.add_argument("project", metavar="PROJECT")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--schema", metavar="FILE", help="load or upgrade the case-data schema")
    what.add_argument("--out", metavar="DIR", help="write people, relationships and contacts")
    what.add_argument("--import", metavar="DIR", dest="import_dir", help="apply the tables in DIR")
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
    add_coder(p)
    p.set_defaults(run=run_casedata)


def _open_writing(args: argparse.Namespace) -> tuple[Project, CoderId]:
    project = Project.open(args.project, user=args.coder, shared=True)
    try:
        with project.write():
            coder = coders.ensure_coder(project, args.coder)
    except BaseException:
        project.close()
        raise
    return project, coder.id


def run_casedata(args: argparse.Namespace) -> int:
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
