"""``outline`` and ``structure``: a review's headings, sections and numbered paragraphs."""

from __future__ import annotations

import argparse
import json

from coder.cli.options import add_coder
from coder.cli.output import Progress
from coder.coding import structure as ops
from coder.errors import InvalidInputError, NotFoundError
from coder.project import documents
from coder.project import structure as stored
from coder.project.records import Document
from coder.project.store import Project
from coder.structure.kinds import KINDS
from coder.structure.model import STRUCTURE_VERSION, Heading, Structure


def _documents(project: Project, refs: list[str] | None) -> list[Document]:
    docs = documents.list_documents(project)
    if not refs:
        return docs
    found = []
    for ref in refs:
        match = [d for d in docs if ref in (d.id, d.file_name, d.title)]
        if not match:
            raise NotFoundError(f"no document '{ref}' (give its id, file name or title)")
        found.extend(match)
    return found


# -- outline ---------------------------------------------------------------------


def add_outline(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "outline",
        help="list each document's headings, section kinds and numbered paragraphs",
        description="List the headings of each document (or of the --document ones) with "
        "their level, page and section kind, and the range of numbered paragraphs under "
        "each; --paragraphs lists every paragraph.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--document",
        metavar="DOC",
        action="append",
        dest="documents",
        help="a document's id, file name or title; repeatable (default: every document)",
    )
    p.add_argument("--paragraphs", action="store_true", help="list every numbered paragraph")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run_outline)


def run_outline(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project, project.read():
        out = []
        for doc in _documents(project, args.documents):
            found = stored.detected(project, doc.id)
            current = found is not None and found[0] >= STRUCTURE_VERSION
            out.append((doc, current, stored.in_force(project, doc.id)))
    if args.json:
        print(json.dumps({"documents": [_doc_json(*o) for o in out]}, ensure_ascii=False))
        return 0
    for doc, current, structure in out:
        print(f"{doc.title}  ({doc.pages} pages)")
        if not current:
            print(
                "  structure not detected yet: run 'review-coder structure PROJECT --detect' "
                "or 'review-coder check PROJECT --fix'"
            )
            continue
        for line in outline_lines(structure, args.paragraphs):
            print("  " + line)
    return 0


def outline_lines(structure: Structure, paragraphs: bool = False) -> list[str]:
    """The outline as indented lines: each heading with its kind and page, then the
    numbered paragraphs of its section (their range, or each one)."""
    lines = []
    heads = structure.headings
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else None
        mine = [
            p for p in structure.paragraphs if p.start >= h.start and (end is None or p.start < end)
        ]
        indent = "  " * (h.level - 1)
        span = ""
        if mine and not paragraphs:
            span = (
                f"  para {mine[0].number}"
                if len(mine) == 1
                else f"  paras {mine[0].number}\u2013{mine[-1].number}"
            )
        lines.append(f"{indent}{h.label}  [{h.kind}]  p. {h.page}{span}")
        if paragraphs:
            lines.extend(
                f"{indent}  \u00b6 {p.number}  p. {p.page}  [{p.start}, {p.end})" for p in mine
            )
    if not heads and structure.paragraphs:
        lines.append(
            f"no headings; paras {structure.paragraphs[0].number}\u2013"
            f"{structure.paragraphs[-1].number}"
        )
    if not heads and not structure.paragraphs:
        lines.append("no headings or numbered paragraphs found")
    return lines


def _doc_json(doc: Document, current: bool, structure: Structure) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "detected": current,
        "headings": [
            {
                "start": h.start,
                "end": h.end,
                "page": h.page,
                "level": h.level,
                "number": h.number,
                "title": h.title,
                "kind": h.kind,
            }
            for h in structure.headings
        ],
        "paragraphs": [
            {"start": p.start, "end": p.end, "page": p.page, "number": p.number}
            for p in structure.paragraphs
        ],
    }


# -- structure -------------------------------------------------------------------


def add_structure(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "structure",
        help="detect a document's structure again, or correct it",
        description="--detect finds the headings, section kinds and numbered paragraphs "
        "of every document (or the --document ones) again; corrections are kept. To "
        "correct one document: --heading H --kind KIND sets a section's kind, --heading H "
        "--merge joins a heading to the one before, --paragraph NUMBER --at WHERE marks a "
        "numbered paragraph the detector missed. H is a heading's number, its title, or "
        "@OFFSET; WHERE is an offset in the document's text or a phrase (its first "
        "occurrence).",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument(
        "--document",
        metavar="DOC",
        action="append",
        dest="documents",
        help="a document's id, file name or title; repeatable with --detect",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--detect", action="store_true", help="detect the structure again")
    what.add_argument("--heading", metavar="H", help="the heading to correct")
    what.add_argument("--paragraph", metavar="NUMBER", help="mark a numbered paragraph")
    p.add_argument("--kind", metavar="KIND", help=f"with --heading: one of {', '.join(KINDS)}")
    p.add_argument("--merge", action="store_true", help="with --heading: join the one before")
    p.add_argument("--at", metavar="WHERE", help="with --paragraph: an offset or a phrase")
    add_coder(p)
    p.set_defaults(run=run_structure)


def run_structure(args: argparse.Namespace) -> int:
    if args.heading is not None and (args.kind is None) == (not args.merge):
        raise InvalidInputError("with --heading, give either --kind KIND or --merge")
    if args.paragraph is not None and args.at is None:
        raise InvalidInputError("with --paragraph NUMBER, give --at OFFSET or --at PHRASE")
    with Project.open(args.project, user=args.coder, shared=True) as project:
        docs = _documents(project, args.documents)
        if args.detect:
            progress = Progress(len(docs))
            for i, doc in enumerate(docs):
                progress.update(i, doc.title)
                ops.detect_document(project, doc.id)
                s = stored.in_force(project, doc.id)
                print(
                    f"{doc.title}: {len(s.headings)} headings, "
                    f"{len(s.paragraphs)} numbered paragraphs"
                )
            progress.clear()
            return 0
        if len(docs) != 1 or not args.documents:
            raise InvalidInputError("name one document with --document to correct it")
        doc = docs[0]
        if args.heading is not None:
            heading = _find_heading(project, doc, args.heading)
            if args.merge:
                ops.merge_heading(project, doc.id, heading, args.coder)
                summary = ops.merge_summary(heading)
            else:
                ops.set_section_kind(project, doc.id, heading, args.kind, args.coder)
                summary = ops.kind_summary(heading, args.kind)
        else:
            start = _find_offset(project, doc, args.at)
            ops.mark_paragraph(project, doc.id, start, args.paragraph, args.coder)
            summary = ops.paragraph_summary(start, args.paragraph)
        print(f"{doc.title}: {summary}")
    return 0


def _find_heading(project: Project, doc: Document, ref: str) -> Heading:
    if stored.detected(project, doc.id) is None:
        ops.detect_document(project, doc.id)
    heads = stored.in_force(project, doc.id).headings
    if ref.startswith("@") and ref[1:].isdigit():
        match = [h for h in heads if h.start == int(ref[1:])]
    else:
        key = ref.strip().rstrip(".").casefold()
        match = [h for h in heads if key in (h.number.casefold(), h.title.casefold())]
        if not match:
            match = [h for h in heads if h.label.casefold() == ref.strip().casefold()]
    if len(match) != 1:
        what = "no heading" if not match else f"{len(match)} headings"
        raise NotFoundError(
            f"{what} '{ref}' in '{doc.title}'; give its number, its title or @OFFSET "
            "(see 'review-coder outline PROJECT --json')"
        )
    return match[0]


def _find_offset(project: Project, doc: Document, where: str) -> int:
    if where.isdigit():
        return int(where)
    text = documents.document_text(project, doc.id)
    at = text.find(where)
    if at < 0:
        raise NotFoundError(f"'{where}' does not occur in '{doc.title}'")
    return at


STRUCTURE_COMMANDS = [add_outline, add_structure]
