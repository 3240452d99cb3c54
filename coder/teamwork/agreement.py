"""Intercoder agreement on double-coded documents, at three levels.

- ``document``: a unit is a (document, code) pair; a coder's judgement is whether they
  applied the code anywhere in the document;
- ``character``: a unit is one character of the document's stored text for one code (as
  NVivo computes it); area codings have no characters and do not count here;
- ``segment``: a coding agrees when every other selected coder applied the same code in the
  same document to a range overlapping it by at least ``overlap`` of the longer of the two
  (as MAXQDA computes it); areas overlap by their area on the same page. Only agreements
  and percent agreement are defined there (no "neither coded" units exist).

Codes count where they were applied themselves; with ``rollup`` a code also counts the
codings of its sub-codes. Codes no selected coder applied are left out (unless named).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, DocumentId
from coder.progress import NO_PROGRESS, Part, Progress
from coder.project import assignments, coders, codes, codings, documents
from coder.project.codings import rects_from_json
from coder.project.store import Project
from coder.teamwork.statistics import Pattern, statistics

LEVELS = ("document", "character", "segment")
SEGMENT_NOTE = (
    "not defined at segment level: there are no units that no coder coded, only codings "
    "that agree or not"
)


class Seg(NamedTuple):
    """A coding as agreement counts it (a named tuple: tens of thousands are made per
    report, at a fraction of a frozen dataclass's cost)."""

    coding_id: str
    document_id: str
    code_id: str  # as counted (the ancestor with rollup)
    coder: int  # index into the selected coders
    kind: str
    start: int
    end: int
    page: int
    rects: str
    quote: str


def agreement(
    project: Project,
    coder_names: list[str],
    level: str = "document",
    code_paths: list[str] | None = None,
    rollup: bool = False,
    overlap: float = 0.9,
    progress: Progress = NO_PROGRESS,
) -> dict[str, Any]:
    """The agreement report (the CLI's JSON). Raises Cancelled from ``progress``."""
    if level not in LEVELS:
        raise InvalidInputError(f"--level must be one of {', '.join(LEVELS)}, not '{level}'")
    if not 0 < overlap <= 1:
        raise InvalidInputError("--overlap must be a fraction above 0 and at most 1, e.g. 0.9")
    if len(coder_names) < 2:
        raise InvalidInputError("name at least two coders with --coder")
    if len(set(coder_names)) != len(coder_names):
        raise InvalidInputError("each --coder must be a different coder")
    with project.read():
        return _agreement(project, coder_names, level, code_paths or [], rollup, overlap, progress)


def _agreement(
    project: Project,
    names: list[str],
    level: str,
    code_paths: list[str],
    rollup: bool,
    overlap: float,
    progress: Progress,
) -> dict[str, Any]:
    progress.step(0, 1)
    known = {c.name: c.id for c in coders.list_coders(project)}
    missing = [n for n in names if n not in known]
    if missing:
        raise NotFoundError(
            f"no coder named '{missing[0]}' in this project (coders: {', '.join(sorted(known))})"
        )
    coder_ids: list[str] = [known[n] for n in names]
    index = {cid: i for i, cid in enumerate(coder_ids)}
    tree = codes.code_tree(project)
    selected: list[str] = []
    for path in code_paths:
        cid = codes.find_by_path(project, path)
        if cid is None:
            raise NotFoundError(f"no code '{path}' in this project")
        selected.append(cid)

    docs: dict[str, Any] = {d.id: d for d in documents.list_documents(project)}
    double, not_double = _double_coded(project, coder_ids, names, docs)

    # which counted code(s) each applied code stands for
    def counted_as(code_id: str) -> list[str]:
        chain = [code_id, *(tree.ancestors(code_id) if rollup else [])]
        if selected:
            return [c for c in chain if c in selected]
        return chain

    segs: list[Seg] = []
    for c in codings.spans_of_coders(project, coder_ids):
        if c.document_id not in double:
            continue
        start, end, who = c.char_start or 0, c.char_end or 0, index[c.coder_id]
        for counted in counted_as(c.code_id):
            segs.append(
                Seg(
                    c.id,
                    c.document_id,
                    counted,
                    who,
                    c.kind,
                    start,
                    end,
                    c.page_start,
                    c.rects,
                    c.quote,
                )
            )
    applied = sorted({s.code_id for s in segs} | set(selected), key=tree.path)
    report: dict[str, Any] = {
        "level": level,
        "coders": names,
        "rollup": rollup,
        "documents": [{"document_id": d, "title": docs[d].title} for d in sorted(double)],
        "not_double_coded": not_double,
        "codes": [],
        "pooled": {},
    }
    if level == "segment":
        report["overlap"] = overlap
        progress.step(1, 3)
        _segment_level(report, segs, applied, tree, docs, names, overlap, Part(progress, 1, 3))
        progress.step(3, 3)
        return report
    by_code: dict[str, list[Seg]] = {c: [] for c in applied}
    for s in segs:
        by_code[s.code_id].append(s)
    lengths = documents.text_lengths(project, double) if level == "character" else {}
    pooled: Counter[Pattern] = Counter()
    m = len(names)
    for n, code_id in enumerate(applied):
        progress.step(n, len(applied))
        if level == "document":
            hist = _document_hist(by_code[code_id], sorted(double), m)
        else:
            hist = _character_hist(by_code[code_id], lengths, m)
        entry = {"code_id": code_id, "code_path": tree.path(code_id), **statistics(hist, names)}
        if not by_code[code_id]:
            entry["note"] = "no selected coder applied this code: it says nothing about agreement"
        else:
            pooled.update(hist)
        report["codes"].append(entry)
    progress.step(len(applied), len(applied))
    report["pooled"] = statistics(pooled, names)
    if level == "character":
        report["note"] = "area codings have no characters and are not counted at this level"
    return report


def _double_coded(
    project: Project, coder_ids: list[str], names: list[str], docs: dict[str, Any]
) -> tuple[set[str], list[dict[str, Any]]]:
    """Documents every selected coder marked done; if none of them marked any, documents in
    which every selected coder made at least one coding."""
    selected = set(coder_ids)
    done: dict[DocumentId, set[CoderId]] = {}
    for a in assignments.list_assignments(project):
        if a.status == "done" and a.coder_id in selected:
            done.setdefault(a.document_id, set()).add(a.coder_id)
    basis = done or codings.coders_by_document(project, coder_ids)
    double: set[str] = {d for d, who in basis.items() if len(who) == len(coder_ids) and d in docs}
    name_of = dict(zip(coder_ids, names, strict=True))
    not_double = [
        {
            "document_id": d,
            "title": docs[d].title,
            "marked_done_by" if done else "coded_by": sorted(
                name_of[c] for c in basis.get(DocumentId(d), set())
            ),
        }
        for d in sorted(docs, key=lambda d: (docs[d].title, d))
        if d not in double
    ]
    return double, not_double


def _document_hist(segs: list[Seg], docs: list[str], m: int) -> Counter[Pattern]:
    applied: dict[str, set[int]] = {}
    for s in segs:
        applied.setdefault(s.document_id, set()).add(s.coder)
    hist: Counter[Pattern] = Counter()
    for doc in docs:
        who = applied.get(doc, set())
        hist[tuple(i in who for i in range(m))] += 1
    return hist


def _character_hist(segs: list[Seg], lengths: dict[DocumentId, int], m: int) -> Counter[Pattern]:
    """Characters of every double-coded document, by which coders coded each one."""
    per_doc: dict[str, list[list[tuple[int, int]]]] = {}
    for s in segs:
        if s.kind == "text":
            per_doc.setdefault(s.document_id, [[] for _ in range(m)])[s.coder].append(
                (s.start, s.end)
            )
    hist: Counter[Pattern] = Counter()
    for doc, length in lengths.items():
        spans = per_doc.get(doc)
        if not spans:
            hist[(False,) * m] += length
            continue
        events: list[tuple[int, int, int]] = []  # (position, +1/-1, coder)
        for coder, ranges in enumerate(spans):
            for start, end in _union(ranges):
                events.append((start, 1, coder))
                events.append((end, -1, coder))
        events.sort()
        depth = [0] * m
        pos = 0
        for at, delta, coder in events:
            if at > pos:
                hist[tuple(d > 0 for d in depth)] += at - pos
                pos = at
            depth[coder] += delta
        if length > pos:
            hist[tuple(d > 0 for d in depth)] += length - pos
    return hist


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def overlaps(a: Seg, b: Seg, threshold: float) -> bool:
    """Whether two codings agree at segment level (same kind; ``threshold`` of the longer)."""
    if a.kind != b.kind:
        return False
    if a.kind == "text":
        shared = min(a.end, b.end) - max(a.start, b.start)
        return shared > 0 and shared >= threshold * max(a.end - a.start, b.end - b.start)
    ra, rb = rects_from_json(a.rects), rects_from_json(b.rects)
    if not ra or not rb or ra[0].page != rb[0].page:
        return False
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = ra[0].rect, rb[0].rect
    w = min(ax1, bx1) - max(ax0, bx0)
    h = min(ay1, by1) - max(ay0, by0)
    if w <= 0 or h <= 0:
        return False
    area_a, area_b = (ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0)
    return w * h >= threshold * max(area_a, area_b)


def matches(
    segs: list[Seg], m: int, threshold: float, progress: Progress = NO_PROGRESS
) -> dict[str, list[int]]:
    """For each coding (by id): the other coders with no matching coding. Steps
    ``progress`` once per document and code (the matching is most of the segment level's
    time, so Cancel must be heard inside it)."""
    by_place: dict[tuple[str, str], list[list[Seg]]] = {}
    for s in segs:
        by_place.setdefault((s.document_id, s.code_id), [[] for _ in range(m)])[s.coder].append(s)
    missing: dict[str, list[int]] = {}
    for n, per_coder in enumerate(by_place.values()):
        progress.step(n, len(by_place))
        for ranges in per_coder:
            ranges.sort(key=lambda s: s.start)
        for coder, mine in enumerate(per_coder):
            for s in mine:
                lacking = [
                    other
                    for other in range(m)
                    if other != coder
                    and not any(overlaps(s, t, threshold) for t in _near(per_coder[other], s))
                ]
                missing[f"{s.coding_id}/{s.code_id}"] = lacking
    return missing


def _near(others: list[Seg], s: Seg) -> list[Seg]:
    if s.kind != "text":
        return others
    return [t for t in others if t.start < s.end and t.end > s.start]


def _segment_level(
    report: dict[str, Any],
    segs: list[Seg],
    applied: list[str],
    tree: Any,
    docs: dict[str, Any],
    names: list[str],
    overlap: float,
    progress: Progress = NO_PROGRESS,
) -> None:
    m = len(names)
    missing = matches(segs, m, overlap, progress)
    per_code: dict[str, list[int]] = {c: [0, 0] for c in applied}
    disagreements = []
    for s in segs:
        lacking = missing[f"{s.coding_id}/{s.code_id}"]
        per_code[s.code_id][0] += 1
        if not lacking:
            per_code[s.code_id][1] += 1
        else:
            disagreements.append(
                {
                    "coding_id": s.coding_id,
                    "code_id": s.code_id,
                    "code_path": tree.path(s.code_id),
                    "coder": names[s.coder],
                    "not_matched_by": [names[i] for i in lacking],
                    "document_id": s.document_id,
                    "document": docs[s.document_id].title,
                    "page": s.page,
                    "char_start": s.start if s.kind == "text" else None,
                    "char_end": s.end if s.kind == "text" else None,
                    "quote": s.quote,
                }
            )
    total = [0, 0]
    for code_id in applied:
        units, agreed = per_code[code_id]
        total[0] += units
        total[1] += agreed
        report["codes"].append(
            {"code_id": code_id, "code_path": tree.path(code_id), **_segment_stats(units, agreed)}
        )
    report["pooled"] = _segment_stats(*total)
    disagreements.sort(key=lambda d: (d["document"], d["page"], d["char_start"] or 0, d["coder"]))
    report["disagreements"] = disagreements


def _segment_stats(units: int, agreed: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "units": units,
        "agreements": agreed,
        "disagreements": units - agreed,
        "percent_agreement": agreed / units if units else None,
    }
    if not units:
        out["percent_agreement_note"] = "undefined: there are no codings"
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha"):
        out[name] = None
        out[f"{name}_note"] = SEGMENT_NOTE
    return out
