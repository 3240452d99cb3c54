"""The commands. Each ``add_*`` registers one subcommand; each ``run_*`` is its body."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coder.analysis.attributes_csv import export_attributes, import_attributes
from coder.cli.app_commands import add_demo, add_open
from coder.cli.briefing_commands import add_briefing
from coder.cli.casedata_commands import add_casedata
from coder.cli.disclosure_commands import add_disclosure
from coder.cli.exchange_commands import add_qdpx
from coder.cli.export_commands import add_export, add_report
from coder.cli.framework_commands import add_framework
from coder.cli.options import add_coder
from coder.cli.output import Progress, tolerant
from coder.cli.recommendation_commands import add_recommendations
from coder.cli.sample_commands import SAMPLE_COMMANDS
from coder.cli.structure_commands import STRUCTURE_COMMANDS
from coder.cli.team_commands import TEAM_COMMANDS
from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import read_codebook, shipped_or_path, write_codebook
from coder.codebook.model import Codebook
from coder.coding import reviews
from coder.coding.attribute_upgrade import upgrade_attributes
from coder.coding.autocode import autocode
from coder.coding.codebooks import load_codebook, project_codebook
from coder.coding.ingest import find_pdfs, import_pdf
from coder.coding.structure import detect_stale, detected
from coder.errors import InvalidInputError
from coder.project import coders
from coder.project.check import check_file
from coder.project.check_fix import fix_file
from coder.project.records import Coder
from coder.project.store import Project
from coder.project.structure import stale_documents
from coder.project.summary import project_info
from coder.structure.model import STRUCTURE_VERSION
from coder.text.matcher import phrase_query, regex_query


@contextmanager
def _writing(args: argparse.Namespace) -> Iterator[tuple[Project, Coder]]:
    """The project open for writing (beside the app on this machine, if it has it open)
    and the coder named by --coder."""
    with Project.open(args.project, user=args.coder, shared=True) as project:
        with project.write():
            coder = coders.ensure_coder(project, args.coder)
        yield project, coder


@contextmanager
def _reading(path: str, lenient: bool) -> Iterator[Project]:
    """The project open read-only; with ``lenient``, tolerating undecodable text."""
    with Project.open(path, read_only=True) as project:
        if lenient:
            project.tolerate_undecodable_text()
        yield project


# -- new ----------------------------------------------------------------------


def add_new(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="create an empty project file",
        description="Create a new, empty project file (PROJECT.rcproj).",
    )
    p.add_argument("project", metavar="PROJECT", help="path of the new .rcproj file")
    p.add_argument("--name", metavar="TEXT", help="the project's name (default: the file name)")
    p.add_argument(
        "--codebook",
        metavar="FILE",
        action="append",
        default=[],
        help="load a codebook (.yaml or .qdc; a shipped one by name, e.g. "
        "police-learning); repeatable",
    )
    p.add_argument(
        "--attributes",
        metavar="FILE",
        help="define review attributes from a YAML attribute set (e.g. review-attributes)",
    )
    add_coder(p)
    p.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    path = Path(args.project)
    if path.suffix != ".rcproj":
        raise InvalidInputError(f"{path.name}: project files end in .rcproj")
    # read every file first, so a bad one leaves no half-made project behind
    books = [read_codebook(shipped_or_path(f)) for f in args.codebook]
    attrs = load_attribute_set(shipped_or_path(args.attributes)) if args.attributes else None
    with Project.create(path, name=args.name, user=args.coder) as project:
        with project.write():
            coder = coders.ensure_coder(project, args.coder)
        for book in books:
            report = load_codebook(project, book, coder.id)
            print(f"codebook '{book.title}': {report.summary()}")
            for warning in report.warnings:
                print(f"  warning: {warning}")
        if attrs is not None:
            added = reviews.added_attributes(reviews.add_attributes(project, attrs, coder.id))
            print(f"attributes '{attrs.title}': {len(added)} defined")
        print(f"created {path} ('{project.meta('name')}')")
    return 0


# -- codebook -------------------------------------------------------------------


def add_codebook(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "codebook",
        help="load a codebook into a project, or write the project's codebook",
        description="With --import FILE, load a codebook (.yaml or .qdc) into the project: "
        "codes match by id, then by path, and are never duplicated. With --out FILE, write "
        "the project's codebook (.yaml or .qdc, by extension).",
    )
    p.add_argument("project", metavar="PROJECT")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", metavar="FILE", dest="import_file")
    what.add_argument("--out", metavar="FILE")
    add_coder(p)
    p.set_defaults(run=run_codebook)


def run_codebook(args: argparse.Namespace) -> int:
    if args.import_file:
        book = read_codebook(shipped_or_path(args.import_file))
        with _writing(args) as (project, coder):
            report = load_codebook(project, book, coder.id)
        print(f"codebook '{book.title}': {report.summary()}")
        for warning in report.warnings:
            print(f"  warning: {warning}")
        return 0

    def read(lenient: bool) -> Codebook:
        with _reading(args.project, lenient) as project:
            return project_codebook(project)

    book = tolerant(read, [args.project])
    write_codebook(book, Path(args.out))
    print(f"wrote {len(book.walk())} codes to {args.out}")
    return 0


# -- attributes -----------------------------------------------------------------


def add_attributes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "attributes",
        help="import or export review attributes as CSV, or upgrade the attribute set",
        description="With --import FILE.csv, set review attributes from a table (one row per "
        "review; all or nothing unless --partial). With --out FILE.csv, write that table. "
        "With --define FILE.yaml (or the shipped review-attributes), add the set's attributes "
        "and upgrade those the project has: matched by id, then name; every value kept.",
    )
    p.add_argument("project", metavar="PROJECT")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", metavar="FILE", dest="import_file")
    what.add_argument("--out", metavar="FILE")
    what.add_argument("--define", metavar="FILE.yaml")
    p.add_argument(
        "--partial", action="store_true", help="apply the valid rows even when others are bad"
    )
    p.add_argument(
        "--excel-safe",
        action="store_true",
        help="with --out: prefix cells starting with = + - @ tab CR, write a BOM",
    )
    add_coder(p)
    p.set_defaults(run=run_attributes)


def run_attributes(args: argparse.Namespace) -> int:
    if args.define:
        attribute_set = load_attribute_set(shipped_or_path(args.define))
        with _writing(args) as (project, coder):
            report = upgrade_attributes(project, attribute_set, coder.id)
        print(f"attributes '{attribute_set.title}': " + "\n".join(report.lines()))
        return 0
    if args.out:

        def write(lenient: bool) -> int:
            with _reading(args.project, lenient) as project:
                return export_attributes(project, args.out, args.excel_safe)

        n = tolerant(write, [args.project])
        print(f"wrote {n} reviews to {args.out}")
        return 0
    # the coder is added with the values, so a refused file adds nobody
    with Project.open(args.project, user=args.coder, shared=True) as project:
        result = import_attributes(
            project, args.import_file, None, args.partial, coder_name=args.coder
        )
    for line in result.warnings:
        print(f"warning: {line}")
    for line in result.errors:
        print(f"error: {line}")
    if result.errors and not args.partial:
        print(f"nothing applied: {len(result.errors)} problem(s); fix them, or use --partial")
        return 1
    print(
        f"{result.applied} reviews updated"
        + (f", {len(result.errors)} rows skipped" if result.errors else "")
    )
    return 1 if result.errors else 0


# -- import -------------------------------------------------------------------


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import PDF files or folders of PDFs",
        description="Import PDFs (files, or folders searched recursively). One line "
        "per file: imported / duplicate / failed. Exit 0 if none failed.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("paths", metavar="PATH", nargs="+", help="PDF files or folders")
    add_coder(p)
    p.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    files = find_pdfs(args.paths)
    failed = 0
    with Project.open(args.project, user=args.coder, shared=True) as project:
        progress = Progress(len(files))
        for i, path in enumerate(files):
            progress.update(i, path.name)
            outcome = import_pdf(project, path, args.coder)
            progress.clear()
            if outcome.status == "imported":
                doc = outcome.document
                assert doc is not None
                print(f"imported  {path}  ({doc.pages} pages, id {doc.id})")
            elif outcome.status == "duplicate":
                print(f"duplicate {path}  ({outcome.message})")
            else:
                failed += 1
                print(f"failed    {path}  ({outcome.message})")
            for warning in outcome.warnings:
                print(f"  warning: {warning}")
        progress.update(len(files))
        progress.clear()
    if not files:
        raise InvalidInputError("no PDF files found in the paths given")
    return 1 if failed else 0


# -- info ---------------------------------------------------------------------


def add_info(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "info",
        help="describe a project",
        description="Describe a project: documents, codes, codings, coders.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=run_info)


def run_info(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        info = project_info(project)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"{info['name']}  (schema version {info['schema_version']})")
    print(
        f"{len(info['documents'])} documents, {info['reviews']} reviews, {info['codes']} codes, "
        f"{info['codings']} codings, {info['coders']} coders, {info['memos']} memos"
    )
    for d in info["documents"]:
        blank = d["pages_without_text"]
        extra = f", {len(blank)} without text" if blank else ""
        print(f"  {d['id']}  {d['title']}  ({d['pages']} pages{extra})")
    return 0


# -- check --------------------------------------------------------------------


def add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check a project's integrity, and repair what can be repaired safely",
        description="Check integrity and consistency without writing to the file: SQLite's "
        "integrity check and foreign keys, undecodable text, the full-text index, each "
        "document's PDF, pages, words and text (read again from the PDF), every coding's "
        "range, pages, rectangles and quote, document structure, and the change log. Exit 0 "
        "when sound, 1 with a list of findings. With --fix, repair what can be repaired "
        "safely (detecting missing or outdated document structure too), after a backup.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--fix",
        action="store_true",
        help="repair what can be repaired safely, after a byte-for-byte backup beside it",
    )
    p.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    report = fix_file(args.project, _detect_structure) if args.fix else check_file(args.project)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        return 0 if report.sound else 1
    if report.backup:
        print(f"backup: {report.backup}")
    for line in report.fixed:
        print(f"fixed: {line}")
    for finding in report.findings:
        print(finding.message)
    for line in report.skipped:
        print(f"note: {line}")
    if report.sound:
        print("sound")
        return 0
    fixable = sum(f.fixable for f in report.findings)
    hint = ""
    if fixable and not args.fix:
        hint = f"; {fixable} can be repaired: review-coder check --fix {args.project}"
    left = " left" if args.fix else " found"
    print(f"{len(report.findings)} problem(s){left}{hint}")
    return 1


def _detect_structure(path: Path) -> list[str]:
    """``check --fix``'s last repair: detect missing or outdated document structure (the
    detector lives above the project layer, so the command line hands it in)."""
    with Project.open(path, shared=True) as project:
        progress = Progress(len(stale_documents(project, STRUCTURE_VERSION)))
        n = detected(detect_stale(project, lambda i, total, title: progress.update(i, title)))
        progress.clear()
    return [f"structure detected in {n} document(s)"] if n else []


# -- autocode -----------------------------------------------------------------


def add_autocode(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "autocode",
        help="code every match of a phrase or regex",
        description="Code every match in the project's documents with the code at PATH "
        "(Parent/Child). A PATH that names no code is refused with the nearest existing "
        "paths, unless --create is given. A phrase matches case-insensitively at "
        "word boundaries, any whitespace (line and page breaks too) matching one "
        "space. Running it twice adds nothing.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--code", metavar="PATH", required=True, help="code path, e.g. Risk/DASH")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--phrase", metavar="TEXT")
    what.add_argument("--regex", metavar="RX", help="a Python regular expression")
    add_coder(p, required=True)
    p.add_argument(
        "--document", metavar="ID", action="append", help="only this document (repeatable)"
    )
    p.add_argument("--effect", choices=["supports", "hinders"])
    p.add_argument(
        "--create",
        action="store_true",
        help="create the code at PATH (and its missing parents) when it does not exist",
    )
    p.add_argument(
        "--section-kind",
        metavar="KIND",
        action="append",
        dest="section_kinds",
        help="only matches that start in a section of this kind, e.g. recommendations (repeatable)",
    )
    p.add_argument(
        "--extend",
        choices=["sentence", "paragraph"],
        help="code each match's whole sentence or paragraph instead of the match alone",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=run_autocode)


def run_autocode(args: argparse.Namespace) -> int:
    query = phrase_query(args.phrase) if args.phrase is not None else regex_query(args.regex)
    extent = args.extend or "hit"
    with Project.open(args.project, user=args.coder, shared=True) as project:
        result = autocode(
            project,
            args.code,
            query,
            args.coder,
            args.document,
            args.effect,
            args.section_kinds,
            create=args.create,
            extent=extent,
        )
    if args.json:
        out = {
            "added": result.added,
            "matches": result.matched,
            "documents": result.documents,
            "skipped": result.skipped,
            "extend": result.extent,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    line = f"{result.added} codings added ({result.matched} matches in {result.documents} documents"
    if result.skipped:
        line += f"; {result.skipped} skipped, inside a coding of this code by this coder"
    print(line + ")")
    return 0


REGISTRY = [
    add_new,
    add_import,
    add_info,
    add_check,
    add_autocode,
    add_export,
    add_report,
    add_codebook,
    add_framework,
    add_attributes,
    *STRUCTURE_COMMANDS,
    add_casedata,
    *SAMPLE_COMMANDS,
    add_recommendations,
    *TEAM_COMMANDS,
    add_qdpx,
    add_disclosure,
    add_briefing,
    add_open,
    add_demo,
]
