"""``qdpx export`` and ``qdpx import``: whole projects to and from REFI-QDA (.qdpx)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from coder.cli.options import add_coder
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.project.store import Project


def add_qdpx(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "qdpx",
        help="exchange whole projects with NVivo, ATLAS.ti, MAXQDA, QualCoder (REFI-QDA)",
        description="Write a project as a REFI-QDA project (.qdpx), or make a new project from "
        "one (a .qdpx, or a bare project.qde/.xml whose sources are missing).",
    )
    what = p.add_subparsers(dest="qdpx_command", metavar="export|import", required=True)
    ex = what.add_parser(
        "export",
        help="write PROJECT as a .qdpx",
        description="Write PROJECT as a REFI-QDA project: documents (PDFs as published, with "
        "their text), codebook, codings, coders, reviews as cases, attributes as variables, "
        "memos as notes, effects as codes in an 'Effect' folder.",
    )
    ex.add_argument("project", metavar="PROJECT")
    ex.add_argument("--out", metavar="FILE.qdpx", required=True)
    ex.set_defaults(run=run_qdpx_export)
    im = what.add_parser(
        "import",
        help="make a new project from a .qdpx",
        description="Make a new project (OUT, which must not exist) from a REFI-QDA project. "
        "Prints what was imported and everything that was not.",
    )
    im.add_argument("file", metavar="FILE", help="a .qdpx, or a bare .qde or .xml")
    im.add_argument("--out", metavar="PROJECT", required=True, help="the new .rcproj")
    im.add_argument("--json", action="store_true", help="print the import report as JSON")
    add_coder(im, help="who is importing")
    im.set_defaults(run=run_qdpx_import)


def run_qdpx_export(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        counts = export_qdpx(project, Path(args.out))
    print(
        f"wrote {args.out}: {counts['documents']} documents, {counts['codes']} codes, "
        f"{counts['codings']} codings, {counts['memos']} memos"
        + (f", {counts['people']} people (as cases)" if counts.get("people") else "")
    )
    for line in counts["not_exported"]:
        print(f"not exported (REFI-QDA has no place for them): {line}")
    return 0


def run_qdpx_import(args: argparse.Namespace) -> int:
    report = import_qdpx(Path(args.file), Path(args.out), args.coder)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return 0
    counts = report.counts
    parts = [
        f"{counts[k]} {k}"
        for k in ("documents", "codes", "codings", "coders", "reviews", "attributes", "memos")
        if counts.get(k)
    ]
    print(
        f"created {args.out} from '{report.name}' ({report.origin or 'unknown origin'}): "
        + (", ".join(parts) or "nothing")
    )
    if report.unit != "codepoint":
        unit = "UTF-16 units" if report.unit == "utf16" else "with CRLF as one"
        print(f"positions were counted in {unit} and converted")
    if report.pdf_rule:
        print(f"PDF areas: {report.pdf_rule}")
    for line in report.not_imported:
        print(f"not imported: {line}")
    return 0
