"""Adjudication: a ``consensus`` coder layer built from what chosen coders agree on, with
each disagreement accepted into it or rejected, one by one. Every coder's own codings stay
as they were; decisions are rows in ``adjudications``, so they merge and can be undone."""

from __future__ import annotations

from typing import Any

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, CodingId, new_id
from coder.progress import NO_PROGRESS, Progress
from coder.project import adjudications, changelog, coders, codings
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.records import Coding
from coder.project.store import Project
from coder.teamwork.agreement import Seg, agreement, overlaps

CONSENSUS = "consensus"


def consensus_coder(project: Project) -> tuple[CoderId, Edit]:
    """The consensus layer's coder, and the edit that made it (empty if it was there)."""
    with project.write():
        record = Recorder(project)
        return _layer(project, record), record.edit()


def _layer(project: Project, record: Recorder) -> CoderId:
    """The consensus layer's coder, made (and recorded) on first use. Inside ``write()``."""
    found = coders.find_coder(project, CONSENSUS)
    if found is not None:
        return found.id
    made = coders.ensure_coder(project, CONSENSUS)
    record.created(coders.TABLE, [made.id])
    return made.id


def _check(names: list[str]) -> None:
    if CONSENSUS in names:
        raise InvalidInputError("compare the coders themselves, not the consensus layer")


def _decided(project: Project) -> set[str]:
    return set(adjudications.decisions(project))


def _copy(project: Project, source: Coding, layer: CoderId, now: str) -> tuple[str, bool]:
    """The consensus layer's copy of ``source``: (its id, whether it was made just now)."""
    twin = Coding(
        CodingId(new_id()),
        source.document_id,
        source.code_id,
        layer,
        source.kind,
        source.char_start,
        source.char_end,
        source.page_start,
        source.page_end,
        source.rects,
        source.quote,
        source.effect,
        now,
        now,
    )
    if source.kind == "text":
        found = codings.twin_on(project, twin, twin.code_id)
        if found is not None:
            return found, False
    codings.insert_codings(project, [twin])
    changelog.log(
        project, layer, "create", "coding", twin.id, "consensus: " + source.quote[:50], at=now
    )
    return twin.id, True


def _record(
    project: Project,
    coding_id: str,
    decision: str,
    consensus_id: str | None,
    by: CoderId | None,
    now: str,
) -> None:
    adjudications.record(project, coding_id, decision, consensus_id, by, now)
    changelog.log(
        project,
        by,
        "update",
        "adjudication",
        coding_id,
        decision,
        {"decision": decision, "consensus_coding_id": consensus_id},
        at=now,
    )


def build_consensus(project: Project, names: list[str], overlap: float, by: CoderId | None) -> Edit:
    """Copy every coding the coders agree on (segment level) into the consensus layer, once
    per group of agreeing codings; each agreeing coding is marked ``agreed``."""
    _check(names)
    report = agreement(project, names, "segment", overlap=overlap)
    disagreeing = {d["coding_id"] for d in report["disagreements"]}
    double = {d["document_id"] for d in report["documents"]}
    known = {c.name: c.id for c in coders.list_coders(project)}
    ids: list[str] = [known[n] for n in names]
    with project.write():
        record = Recorder(project)
        layer = _layer(project, record)
        done = _decided(project)
        now = utc_now()
        agreed = [
            c
            for c in _codings_of(project, ids, double)
            if c.id not in disagreeing and c.id not in done
        ]
        # the first coder's coding stands for each agreeing group
        first = [c for c in agreed if c.coder_id == ids[0]]
        rest = [c for c in agreed if c.coder_id != ids[0]]
        for c in first:
            made, new = _copy(project, c, layer, now)
            if new:
                record.created(codings.TABLE, [made])
            _record(project, c.id, "agreed", made, by, now)
        partners = _partners(first, rest, overlap)
        for c in rest:
            anchor = partners.get(c.id)
            twin = adjudications.consensus_of(project, anchor) if anchor else None
            _record(project, c.id, "agreed", twin, by, now)
        record.created(adjudications.TABLE, [c.id for c in agreed])
        return record.edit()


def _codings_of(project: Project, coder_ids: list[str], docs: set[str]) -> list[Coding]:
    return [
        c
        for doc in sorted(docs)
        for c in codings.list_codings(project, document_id=doc)
        if c.coder_id in coder_ids
    ]


def _partners(first: list[Coding], rest: list[Coding], overlap: float) -> dict[str, str]:
    """For each other coder's agreeing coding, the first coder's coding it matches."""

    def seg(c: Coding, who: int) -> Seg:
        return Seg(
            c.id,
            c.document_id,
            c.code_id,
            who,
            c.kind,
            c.char_start or 0,
            c.char_end or 0,
            c.page_start,
            codings.rects_to_json(c.rects),
            c.quote,
        )

    by_place: dict[tuple[str, str], list[Seg]] = {}
    for f in first:
        by_place.setdefault((f.document_id, f.code_id), []).append(seg(f, 0))
    out: dict[str, str] = {}
    for c in rest:
        mine = seg(c, 1)
        for theirs in by_place.get((c.document_id, c.code_id), []):
            if overlaps(mine, theirs, overlap):
                out[c.id] = theirs.coding_id
                break
    return out


def disagreements(
    project: Project, names: list[str], overlap: float, progress: Progress = NO_PROGRESS
) -> list[dict[str, Any]]:
    """The segment-level disagreements, each with its decision so far (or None). Raises
    Cancelled from ``progress``."""
    _check(names)
    report = agreement(project, names, "segment", overlap=overlap, progress=progress)
    decided = adjudications.decisions(project)
    return [{**d, "decision": decided.get(d["coding_id"])} for d in report["disagreements"]]


def decide(project: Project, coding_id: str, accept: bool, by: CoderId | None) -> Edit:
    """Accept a coding into the consensus layer, or reject it."""
    source = codings.get_coding(project, coding_id)
    if source is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    with project.write():
        record = Recorder(project)
        layer = _layer(project, record)
        if source.coder_id == layer:
            raise InvalidInputError("that coding is in the consensus layer already")
        record.read(adjudications.TABLE, [coding_id])
        now = utc_now()
        made: str | None = None
        if accept:
            made, new = _copy(project, source, layer, now)
            if new:
                record.created(codings.TABLE, [made])
        _record(project, coding_id, "accepted" if accept else "rejected", made, by, now)
        record.created(adjudications.TABLE, [coding_id])
        return record.edit()
