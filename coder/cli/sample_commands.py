"""``review-coder sample`` and ``review-coder screen``: the candidate reviews and where they
came from, screening by coders, duplicate suggestions and the flow diagram."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from coder.analysis.candidates_csv import import_candidates
from coder.cli.options import add_coder
from coder.coding import screening
from coder.coding.attach import attach_pdf
from coder.coding.duplicates import LABELS, decide
from coder.coding.ingest import find_pdfs
from coder.errors import InvalidInputError
from coder.project import candidates
from coder.project import screening as screening_repo
from coder.project.store import Project
from coder.teamwork.screening_agreement import screening_agreement


def add_sample(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sample",
        help="the sample: candidate reviews, their PDFs, screening, duplicates, flow diagram",
        description="The reviews considered for the study and what became of them. "
        "--import adds candidate reviews from a CSV (all or nothing unless --partial); "
        "--attach imports PDFs into the candidates they match (by file name, URL, then "
        "title); --list shows each review's provenance and screening; --criteria and "
        "--reason set what screeners read and the reasons to exclude.",
    )
    p.add_argument("project", metavar="PROJECT")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", metavar="FILE", dest="import_file", help="add candidates")
    what.add_argument("--attach", metavar="PDF", nargs="+", help="attach PDFs (or folders)")
    what.add_argument("--list", action="store_true", help="each review and its screening")
    what.add_argument(
        "--agreement",
        nargs=2,
        metavar=("CODER_A", "CODER_B"),
        help="agreement of two screeners on include/exclude, and their disagreements",
    )
    what.add_argument(
        "--duplicates",
        action="store_true",
        help="suggest pairs of documents with nearly the same text",
    )
    for flag, meta, text in (
        ("--same-review", ("KEEP", "OTHER"), "confirm a pair as one review: OTHER joins KEEP's"),
        (
            "--duplicate",
            ("KEEP", "REMOVE"),
            "confirm a duplicate: REMOVE's review leaves the sample",
        ),
        ("--different", ("DOC_A", "DOC_B"), "confirm a pair as different (not suggested again)"),
    ):
        what.add_argument(flag, nargs=2, metavar=meta, help=f"{text} (document ids)")
    what.add_argument("--flow", metavar="FILE.svg", help="write the flow diagram as SVG")
    p.add_argument("--out", metavar="FILE.csv", help="with --flow: the flow's numbers as CSV")
    p.add_argument("--png", metavar="FILE.png", help="with --flow: the diagram as PNG too")
    what.add_argument(
        "--criteria",
        metavar="FILE",
        help="set the screening criteria (a UTF-8 text file) and, with --reason, the reasons",
    )
    p.add_argument(
        "--reason",
        metavar="REASON",
        action="append",
        default=[],
        help="with --criteria: a reason to exclude (repeatable; the list replaces the default)",
    )
    p.add_argument("--partial", action="store_true", help="with --import: add the valid rows")
    p.add_argument(
        "--json", action="store_true", help="with --list, --agreement or --duplicates: JSON"
    )
    add_coder(p)
    p.set_defaults(run=run_sample)


def add_screen(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screen",
        help="include or exclude a review (one coder's decision, or a resolution)",
        description="Record a coder's screening decision on one review: --include, or "
        "--exclude REASON (one of the project's reasons). With --resolve, the decision "
        "settles a disagreement, made by a third person or by consensus, recorded with "
        "who entered it.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--review", metavar="ID", required=True, help="the review's id")
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--include", action="store_true", help="include the review")
    decision.add_argument("--exclude", metavar="REASON", help="exclude it, for this reason")
    p.add_argument(
        "--resolve",
        choices=screening_repo.METHODS,
        help="settle a disagreement: by a third person or by consensus",
    )
    add_coder(p, required=True, help="who decided")
    p.set_defaults(run=run_screen)


def run_sample(args: argparse.Namespace) -> int:
    if args.partial and not args.import_file:
        raise InvalidInputError("--partial goes with --import")
    if args.reason and not args.criteria:
        raise InvalidInputError("--reason goes with --criteria")
    if args.json and not (args.list or args.agreement or args.duplicates):
        raise InvalidInputError("--json goes with --list, --agreement or --duplicates")
    if (args.out or args.png) and not args.flow:
        raise InvalidInputError("--out and --png go with --flow")
    if args.list:
        return _list(args)
    if args.agreement:
        return _agreement(args)
    if args.duplicates:
        return _duplicates(args)
    if args.flow:
        return _flow(args)
    pair = args.same_review or args.duplicate or args.different
    if pair:
        decision = (
            "same_review" if args.same_review else "duplicate" if args.duplicate else "different"
        )
        with Project.open(args.project, user=args.coder, shared=True) as project:
            decide(project, pair[0], pair[1], decision, args.coder)
        print(f"{pair[0]} and {pair[1]}: {LABELS[decision]}")
        return 0
    with Project.open(args.project, user=args.coder, shared=True) as project:
        if args.import_file:
            result = import_candidates(project, args.import_file, args.coder, args.partial)
            for line in result.warnings:
                print(f"warning: {line}")
            for line in result.errors:
                print(f"error: {line}")
            if result.errors and not args.partial:
                print(f"nothing added: {len(result.errors)} problem(s); fix them, or use --partial")
                return 1
            print(
                f"{result.added} candidate reviews added"
                + (f"; {len(result.errors)} rows skipped" if result.errors else "")
            )
            return 1 if result.errors else 0
        if args.attach:
            failed = 0
            for path in find_pdfs(args.attach):
                outcome = attach_pdf(project, path, args.coder)
                if outcome.status == "imported" and outcome.document:
                    review = candidates.review_name(project, outcome.document.review_id)
                    print(f"attached {path.name} to '{review}'")
                else:
                    failed += outcome.status == "failed"
                    print(f"{outcome.status}: {path.name}: {outcome.message}")
            return 1 if failed else 0
        path = Path(args.criteria)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"cannot read {path.name} as UTF-8 text ({exc})") from None
        screening.set_criteria(project, text.strip(), args.reason or None, args.coder)
        print(f"criteria set; reasons: {', '.join(screening_repo.reasons(project))}")
        return 0


def _list(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        sample = {r.id: r for r in candidates.list_sample(project)}
        states = screening.screening_states(project)
    rows: list[dict[str, Any]] = []
    for s in states:
        r = sample[s.review_id]
        rows.append(
            {
                "review_id": r.id,
                "name": r.name,
                "documents": r.documents,
                **r.provenance.labels(),
                "status": s.status,
                "decision": s.decision,
                "reason": s.reason,
                "screenings": [
                    {"coder": x.coder_name, "decision": x.decision, "reason": x.reason}
                    for x in s.screenings
                ],
                "resolved_by": s.resolution.decided_by_name if s.resolution else None,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        outcome = row["decision"] or ""
        if row["reason"]:
            outcome += f" ({row['reason']})"
        pdf = "" if row["documents"] else "  [no PDF]"
        print(f"{row['review_id']}  {row['name']}  {row['status']} {outcome}".rstrip() + pdf)
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from coder.analysis.duplicates import suggest_duplicates  # numpy: only when asked

    with Project.open(args.project, read_only=True) as project:
        found = suggest_duplicates(project)
    if args.json:
        print(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=1))
        return 0
    for s in found:
        print(
            f"{s.kind}: '{s.first_title}' ({s.first}) and '{s.second_title}' ({s.second}): "
            f"resemblance {s.resemblance:.2f}, containment {s.containment:.2f}"
        )
    print(f"{len(found)} pairs to look at; nothing is changed until you decide")
    return 0


def _flow(args: argparse.Namespace) -> int:
    from coder.analysis.flow import sample_flow, write_flow_csv
    from coder.analysis.flow_svg import write_flow_png, write_flow_svg

    with Project.open(args.project, read_only=True) as project:
        flow = sample_flow(project)
        name = project.meta("name") or ""
    svg = write_flow_svg(flow, args.flow, name)
    print(f"wrote the flow diagram to {args.flow}")
    if args.png:
        write_flow_png(svg, args.png)
        print(f"wrote the flow diagram to {args.png}")
    if args.out:
        n = write_flow_csv(flow, args.out)
        print(f"wrote {n} rows to {args.out}")
    w = flow.whole
    print(
        f"identified {w.identified_total}, duplicates removed {w.duplicates_removed}, "
        f"screened {w.screened}, excluded {w.excluded_total}, awaiting {w.awaiting}, "
        f"included {w.included}"
    )
    return 0


def _agreement(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        report = screening_agreement(project, *args.agreement)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    kappa = report["cohen_kappa"]
    print(
        f"{report['both_screened']} reviews screened by {' and '.join(report['coders'])}: "
        f"{report['include_include'] + report['exclude_exclude']} agree"
        + (
            f", kappa {kappa:.2f}"
            if kappa is not None
            else f" (kappa {report.get('cohen_kappa_note')})"
        )
    )
    for d in report["disagreements"]:
        said = "; ".join(
            f"{s['coder']} {s['decision']}" + (f" ({s['reason']})" if s["reason"] else "")
            for s in d["screenings"]
        )
        r = d["resolution"]
        settled = (
            f" -> {r['decision']} by {r['method']} ({r['decided_by']})" if r else " -> unresolved"
        )
        print(f"  {d['review']}: {said}{settled}")
    return 0


def run_screen(args: argparse.Namespace) -> int:
    decision = "include" if args.include else "exclude"
    reason = args.exclude or ""
    with Project.open(args.project, user=args.coder, shared=True) as project:
        if args.resolve:
            screening.resolve(project, args.review, decision, reason, args.resolve, args.coder)
            print(f"review {args.review} {decision}d by {screening.METHOD_LABELS[args.resolve]}")
        else:
            screening.screen(project, args.review, decision, reason, args.coder)
            print(f"review {args.review} {decision}d by {args.coder}")
    return 0


SAMPLE_COMMANDS = [add_sample, add_screen]
