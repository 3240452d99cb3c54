"""Teamwork commands: ``distribute``, ``merge``, ``agreement``, ``assign``, ``status`` and
``progress``."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from coder.atomic import replacing
from coder.cli.options import add_coder
from coder.errors import InvalidInputError, NotFoundError
from coder.project import assignments, coders, documents
from coder.project.records import Document
from coder.project.store import Project
from coder.teamwork.agreement import LEVELS, agreement
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_report import summary_lines, write_report
from coder.teamwork.merge_write import write_merge

AGREEMENT_COLUMNS = [
    "level",
    "code_id",
    "code_path",
    "units",
    "agreements",
    "disagreements",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "note",
]
DISAGREEMENT_COLUMNS = [
    "document",
    "page",
    "code_path",
    "coder",
    "not_matched_by",
    "char_start",
    "char_end",
    "quote",
    "document_id",
    "code_id",
    "coding_id",
]


def add_distribute(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "distribute",
        help="write one copy of a project per coder",
        description="Write one copy of TEMPLATE per coder into DIR, named TEMPLATE-NAME.rcproj: "
        "the same documents, codebook, attributes, assignments and UUIDs, so that the copies "
        "merge back cleanly. The coders are added to TEMPLATE first.",
    )
    p.add_argument("template", metavar="TEMPLATE")
    p.add_argument("--coder", metavar="NAME", action="append", required=True, dest="coders")
    p.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        help="the folder for the copies (created when missing)",
    )
    p.set_defaults(run=run_distribute)


def run_distribute(args: argparse.Namespace) -> int:
    for path in distribute(Path(args.template), args.coders, Path(args.out)):
        print(f"wrote {path}")
    return 0


def add_merge(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="merge coders' project files into a new one",
        description="Merge project files into OUT (a new file). Documents match by SHA-256; "
        "codes by UUID, then path; coders by UUID, then name; codings by UUID, and the same "
        "document, code, coder and range is one coding. Conflicts go to the most recent "
        "change; deletions are honoured; every input coding is accounted for in the report. "
        "Inputs are only read.",
    )
    p.add_argument("inputs", metavar="INPUT", nargs="+")
    p.add_argument("--out", metavar="OUT", required=True, help="the merged project (.rcproj)")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    p.add_argument("--report", metavar="FILE", help="write the full report (.json or .html)")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--name", metavar="TEXT", help="the merged project's name (default: OUT's)")
    p.set_defaults(run=run_merge)


def run_merge(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix != ".rcproj":
        raise InvalidInputError(f"{out.name}: project files end in .rcproj")
    if out.exists() and not args.dry_run:
        raise InvalidInputError(f"{out} already exists; choose another name for the result")
    with plan_merge([Path(p) for p in args.inputs]) as plan:
        report = plan.report
        report["output"] = str(out)
        report["dry_run"] = bool(args.dry_run)
        if args.report:
            write_report(report, Path(args.report))
        if not args.dry_run:
            write_merge(plan, out, args.name)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(report):
            print(line)
        print(("would write " if args.dry_run else "wrote ") + str(out))
    return 0


def add_agreement(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help="intercoder agreement on double-coded documents",
        description="Agreement between coders on the documents they all marked done (or, if "
        "none is marked, all coded): percent agreement, Cohen's kappa (two coders; a pairwise "
        "matrix for more), Fleiss' kappa and Krippendorff's alpha, per code and pooled.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--coder", metavar="NAME", action="append", required=True, dest="coders")
    p.add_argument("--level", choices=LEVELS, default="document")
    p.add_argument("--code", metavar="PATH", action="append", dest="codes", default=[])
    p.add_argument("--rollup", action="store_true", help="a code counts its sub-codes' codings")
    p.add_argument(
        "--overlap",
        type=float,
        default=0.9,
        metavar="FRACTION",
        help="segment level: the overlap, as a fraction of the longer coding, that agrees",
    )
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", action="store_true", help="print the report as JSON")
    out.add_argument("--out", metavar="FILE.csv", help="write one row per code and pooled")
    p.add_argument(
        "--disagreements", metavar="FILE.csv", help="segment level: write each disagreement"
    )
    p.set_defaults(run=run_agreement)


def run_agreement(args: argparse.Namespace) -> int:
    if args.disagreements and args.level != "segment":
        raise InvalidInputError("--disagreements needs --level segment")
    with Project.open(args.project, read_only=True) as project:
        report = agreement(project, args.coders, args.level, args.codes, args.rollup, args.overlap)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _write_csv(Path(args.out), *_agreement_rows(report))
        print(f"wrote {len(report['codes'])} codes and the pooled figures to {args.out}")
    if args.disagreements:
        rows = [
            [d[c] if c != "not_matched_by" else "; ".join(d[c]) for c in DISAGREEMENT_COLUMNS]
            for d in report["disagreements"]
        ]
        _write_csv(Path(args.disagreements), DISAGREEMENT_COLUMNS, rows)
    return 0


def _agreement_rows(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    names = report["coders"]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]] if len(names) > 2 else []
    columns = AGREEMENT_COLUMNS + [f"cohen_kappa:{a}|{b}" for a, b in pairs]
    rows = []
    for entry in [*report["codes"], {**report["pooled"], "code_path": "(pooled)"}]:
        notes = [f"{k[:-5]}: {v}" for k, v in entry.items() if k.endswith("_note")]
        if entry.get("note"):
            notes.insert(0, entry["note"])
        row = [report["level"]] + [entry.get(c) for c in AGREEMENT_COLUMNS[1:-1]]
        row.append("; ".join(notes))
        row += [entry.get("pairwise", {}).get(a, {}).get(b) for a, b in pairs]
        rows.append(row)
    return columns, rows


def _write_csv(path: Path, columns: list[str], rows: list[list[Any]]) -> None:
    if path.suffix.lower() != ".csv":
        raise InvalidInputError(f"{path.name}: this table is written as .csv")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    with replacing(path) as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8")


# -- assignments ------------------------------------------------------------------


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _documents(project: Project, refs: list[str], everything: bool) -> list[Document]:
    docs = documents.list_documents(project)
    if everything:
        return docs
    found = []
    for ref in refs:
        match = [d for d in docs if ref in (d.id, d.file_name, d.title)]
        if not match:
            raise NotFoundError(f"no document '{ref}' (give its id, file name or title)")
        found.extend(match)
    return found


def add_assign(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assign",
        help="assign documents to coders",
        description="Assign documents (by id, file name or title; or --all) to coders.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--coder", metavar="NAME", action="append", required=True, dest="coders")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--document", metavar="DOC", action="append", dest="documents")
    which.add_argument("--all", action="store_true", help="every document")
    p.add_argument("--unassign", action="store_true", help="remove the assignments instead")
    p.set_defaults(run=run_assign)


def run_assign(args: argparse.Namespace) -> int:
    with Project.open(args.project, shared=True) as project:
        docs = _documents(project, args.documents or [], args.all)
        with project.write():
            ids = [coders.ensure_coder(project, n).id for n in args.coders]
        assignments.assign(project, [d.id for d in docs], ids, None, not args.unassign)
    verb = "unassigned" if args.unassign else "assigned"
    print(f"{verb} {_n(len(docs), 'document')} to {', '.join(args.coders)}")
    return 0


def add_status(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status",
        help="mark a coder's progress on documents",
        description="Mark documents not started, in progress or done for one coder.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--document", metavar="DOC", action="append", required=True, dest="documents")
    p.add_argument("--status", required=True, choices=["not-started", "in-progress", "done"])
    p.add_argument("--coder", metavar="NAME", required=True)
    p.set_defaults(run=run_status)


def run_status(args: argparse.Namespace) -> int:
    with Project.open(args.project, shared=True) as project:
        docs = _documents(project, args.documents, False)
        with project.write():
            coder = coders.ensure_coder(project, args.coder)
        for d in docs:
            assignments.set_status(project, d.id, coder.id, args.status)
    print(f"{_n(len(docs), 'document')} marked {args.status} for {args.coder}")
    return 0


def add_progress(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "progress",
        help="who has done what",
        description="Each coder's documents by status (assigned ones, and any they marked).",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_progress)


def run_progress(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        names = {c.id: c.name for c in coders.list_coders(project)}
        titles = {d.id: d.title for d in documents.list_documents(project)}
        rows = [
            {
                "document_id": a.document_id,
                "document": titles[a.document_id],
                "coder": names[a.coder_id],
                "assigned": a.assigned,
                "status": a.status,
            }
            for a in assignments.list_assignments(project)
        ]
        totals = assignments.progress(project)
    rows.sort(key=lambda r: (r["coder"], r["document"]))
    if args.json:
        print(json.dumps({"coders": totals, "documents": rows}, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no assignments or progress marked yet")
    for name, counts in sorted(totals.items()):
        print(
            f"{name}: {counts['done']} done, {counts['in_progress']} in progress, "
            f"{counts['not_started']} not started"
        )
    return 0


def add_consensus(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "consensus",
        help="put what coders agree on into the consensus layer; settle disagreements",
        description="Copy every coding the coders agree on (segment level, --overlap) into "
        "the 'consensus' coder layer, once; or, with --accept / --reject CODING_ID, settle one "
        "disagreement. Every coder's own codings stay as they are.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--coder", metavar="NAME", action="append", dest="coders", default=[])
    p.add_argument("--overlap", type=float, default=0.9, metavar="FRACTION")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--accept", metavar="CODING_ID", help="copy this coding into the layer")
    what.add_argument("--reject", metavar="CODING_ID", help="record it as rejected")
    add_coder(p, help="who decides", flag="--by")
    p.set_defaults(run=run_consensus)


def run_consensus(args: argparse.Namespace) -> int:
    from coder.teamwork import consensus

    with Project.open(args.project, shared=True) as project:
        with project.write():
            by = coders.ensure_coder(project, args.by).id
        if args.accept or args.reject:
            consensus.decide(project, args.accept or args.reject, bool(args.accept), by)
            verb = "accepted into" if args.accept else "rejected from"
            print(f"{args.accept or args.reject} {verb} the consensus layer")
            return 0
        if len(args.coders) < 2:
            raise InvalidInputError("name at least two coders with --coder")
        decision = consensus.build_consensus(project, args.coders, args.overlap, by)
        left = [
            d
            for d in consensus.disagreements(project, args.coders, args.overlap)
            if d["decision"] is None
        ]
    print(
        f"{_n(len(decision.created('coding')), 'coding')} added to the consensus layer "
        f"({_n(len(decision.created('adjudication')), 'coding')} agreed); "
        f"{_n(len(left), 'disagreement')} to settle"
    )
    return 0


TEAM_COMMANDS = [
    add_distribute,
    add_merge,
    add_agreement,
    add_assign,
    add_status,
    add_progress,
    add_consensus,
]
