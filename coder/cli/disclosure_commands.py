"""``disclosure``: what the disclosure check reads (documents' publication status, the
sensitive terms) and the researcher's decisions with reasons (releases, overrides)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coder.cli.options import add_coder
from coder.coding import disclosure as decide
from coder.errors import InvalidInputError, NotFoundError
from coder.project import coders, documents
from coder.project import disclosure as repo
from coder.project.store import Project


def add_disclosure(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "disclosure",
        help="publication status, sensitive terms, releases and overrides for the disclosure check",
        description="Manage what the disclosure check (run before every briefing, theme "
        "report and excerpt export) reads: --document DOC... --status STATUS sets documents' "
        "publication status (published, summary-only, restricted, or as-review); --term "
        "adds sensitive terms (real names, places, dates), --remove-term removes them; "
        "--release CODING_ID --reason TEXT lets a quote from a restricted document out; "
        "--override TERM [--coding ID] --reason TEXT lets a term through (in one quote, or "
        "in every quote). Each is one logged change. --list prints them all.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--document", metavar="DOC", action="append", dest="documents")
    p.add_argument(
        "--status",
        metavar="STATUS",
        help="published, summary-only, restricted (unpublished or restricted), or "
        "as-review (the review's status)",
    )
    p.add_argument("--term", metavar="TEXT", action="append", dest="terms")
    p.add_argument("--remove-term", metavar="TEXT", action="append", dest="remove_terms")
    p.add_argument("--note", metavar="TEXT", default="", help="a note on the terms added")
    p.add_argument("--release", metavar="CODING_ID")
    p.add_argument("--withdraw-release", metavar="CODING_ID")
    p.add_argument("--override", metavar="TERM")
    p.add_argument("--withdraw-override", metavar="TERM")
    p.add_argument("--coding", metavar="ID", help="the one quote an override is for")
    p.add_argument("--reason", metavar="TEXT", help="why (required by --release, --override)")
    p.add_argument("--list", action="store_true", help="print the settings")
    p.add_argument("--json", action="store_true", help="with --list: as JSON")
    add_coder(p)
    p.set_defaults(run=run_disclosure)


def run_disclosure(args: argparse.Namespace) -> int:
    actions = [
        args.status is not None,
        bool(args.terms),
        bool(args.remove_terms),
        args.release is not None,
        args.withdraw_release is not None,
        args.override is not None,
        args.withdraw_override is not None,
    ]
    if sum(actions) > 1:
        raise InvalidInputError(
            "give one change at a time (one of --status, --term, "
            "--remove-term, --release, --withdraw-release, --override, "
            "--withdraw-override)"
        )
    if not any(actions) and not args.list:
        raise InvalidInputError(
            "say what to do: --status, --term, --release, --override or --list (see --help)"
        )
    if args.documents and args.status is None:
        raise InvalidInputError("--document needs --status STATUS")
    if args.status is not None and not args.documents:
        raise InvalidInputError("--status needs --document DOC (repeatable)")
    if args.coding and not (args.override or args.withdraw_override):
        raise InvalidInputError("--coding goes with --override or --withdraw-override")
    if not any(actions):
        with Project.open(args.project, read_only=True) as project:
            return _list(project, args.json)
    with Project.open(args.project, user=args.coder, shared=True) as project:
        with project.write():
            coder = coders.ensure_coder(project, args.coder).id
        if args.status is not None:
            status = decide.check_status(args.status)
            docs = _documents(project, args.documents)
            decide.set_status(project, [d.id for d in docs], status, coder)
            label = repo.STATUSES.get(status or "", "as its review")
            for d in docs:
                print(f"{d.title}: {label}")
        elif args.terms:
            added = decide.added_terms(decide.add_terms(project, args.terms, coder, args.note))
            print(
                f"added {len(added)} sensitive terms" + (f": {', '.join(added)}" if added else "")
            )
        elif args.remove_terms:
            removed = decide.listed_terms(project, args.remove_terms)
            decide.remove_terms(project, args.remove_terms, coder)
            print(f"removed {len(removed)} sensitive terms: {', '.join(removed)}")
        elif args.release is not None:
            decide.release(project, args.release, args.reason or "", coder)
            print(f"released the quote of coding {args.release}")
        elif args.withdraw_release is not None:
            decide.withdraw_release(project, args.withdraw_release, coder)
            print(f"withdrew the release of coding {args.withdraw_release}")
        elif args.override is not None:
            decide.override(project, args.override, args.reason or "", coder, args.coding)
            where = f"in coding {args.coding}" if args.coding else "in every quote"
            print(f"'{args.override}' is let through {where}")
        else:
            decide.withdraw_override(project, args.withdraw_override, coder, args.coding)
            print(f"withdrew the override of '{args.withdraw_override}'")
    return 0


def _documents(project: Project, refs: list[str]) -> list:
    docs = documents.list_documents(project)
    found = []
    for ref in refs:
        match = [d for d in docs if ref in (d.id, d.file_name, d.title)]
        if not match:
            raise NotFoundError(f"no document '{ref}' (give its id, file name or title)")
        found.extend(match)
    return found


def _list(project: Project, as_json: bool) -> int:
    own = repo.own_statuses(project)
    effective = repo.document_statuses(project)
    docs = documents.list_documents(project)
    data: dict[str, Any] = {
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "status": own.get(d.id),
                "effective": effective[d.id],
            }
            for d in docs
        ],
        "terms": [{"term": t.term, "note": t.note} for t in repo.list_terms(project)],
        "pseudonyms": repo.pseudonyms(project),
        "releases": [
            {"coding_id": r.coding_id, "reason": r.reason, "at": r.created_at}
            for r in repo.list_releases(project)
        ],
        "overrides": [
            {"term": o.term, "coding_id": o.coding_id, "reason": o.reason, "at": o.created_at}
            for o in repo.list_overrides(project)
        ],
    }
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for d in data["documents"]:
        own_status = d["status"]
        shown = repo.STATUSES[d["effective"]]
        print(f"{d['title']}: {shown}" + ("" if own_status else " (as its review)"))
    print(f"sensitive terms ({len(data['terms'])}): " + ", ".join(t["term"] for t in data["terms"]))
    print(f"case-data pseudonyms ({len(data['pseudonyms'])}): " + ", ".join(data["pseudonyms"]))
    for r in data["releases"]:
        print(f"released: coding {r['coding_id']}: {r['reason']}")
    for o in data["overrides"]:
        where = f"coding {o['coding_id']}" if o["coding_id"] else "every quote"
        print(f"override: '{o['term']}' in {where}: {o['reason']}")
    return 0
