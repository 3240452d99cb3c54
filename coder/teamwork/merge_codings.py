"""The merge's decisions about codings: one version per UUID, one coding per document,
code, coder and range, deletions honoured, re-anchoring onto the kept text. A mixin of
the planner in ``coder.teamwork.merge``; every input coding's outcome is counted."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from coder.coding.locate import geometry_for
from coder.project.codings import rects_from_json, rects_to_json
from coder.project.documents import document_text
from coder.project.merge_inputs import Deletion, MergeInput
from coder.teamwork.matching import Group, Row, differing
from coder.text.reanchor import Reanchorer, clamp
from coder.text.short import short

#: what makes two versions of one coding differ
_FIELDS = (
    "code_id",
    "coder_id",
    "kind",
    "char_start",
    "char_end",
    "rects",
    "effect",
    "judgement",
)


class CodingSteps:
    # what the planner provides (see ``coder.teamwork.merge._Planner``)
    inputs: list[MergeInput]
    plan_: Any
    reanchor: dict[tuple[int, str], Reanchorer | None]
    doc_source: dict[str, tuple[int, str]]
    document_id: dict[str, str]
    coder_id: dict[str, str]
    coding_id: dict[str, str]

    def label(self, i: int) -> str:
        raise NotImplementedError

    def _map_code(self, code_id: str) -> str | None:
        raise NotImplementedError

    def _map_coder(self, coder_id: str | None) -> str | None:
        raise NotImplementedError

    def _conflict(self, *args: Any) -> None:
        raise NotImplementedError

    def _reanchorer(self, i: int, doc_id: str) -> Reanchorer:
        r = self.reanchor.get((i, doc_id))
        if r is None:
            inp = self.inputs[i]
            old = document_text(inp.project, doc_id)
            si, sid = self.doc_source[self.document_id[doc_id]]
            new = geometry_for(self.inputs[si].project, sid).text
            r = self.reanchor[(i, doc_id)] = Reanchorer(old, new)
        return r

    def _codings(self) -> None:
        """Plan the merged codings in five steps: the newest deletion of each coding, every
        input's versions mapped onto the merged ids, one version per UUID, one coding per
        document, code, coder and range, and the flags and decisions carried over.

        Each step keeps one row per coding (its input in ``_src``) and lists only for the
        few codings with several versions or twins: a container per coding that lives to
        the end of the plan makes Python's cyclic garbage collector run again and again."""
        self.outcomes: list[Counter[str]] = [Counter() for _ in self.inputs]
        self.dropped: list[dict[str, Any]] = []
        self.reanchored: list[dict[str, Any]] = []
        self.unplaced: list[dict[str, Any]] = []
        deleted_at = self._deletions()
        first, more, unplaced_ids = self._versions(deleted_at)
        chosen, versions = self._one_per_uuid(first, more)
        self.plan_.codings = self._one_per_range(chosen, versions, unplaced_ids)
        self.unplaced = [
            u for u in self.unplaced if self.coding_id.get(u["coding_id"]) == u["coding_id"]
        ]
        flags, adjudications = self._carried()
        self.plan_.flags.extend(flags)
        self.plan_.adjudications = adjudications

    def _deletions(self) -> dict[str, tuple[int, Deletion]]:
        """coding id -> (input, deletion): the newest deletion of each coding."""
        deleted_at: dict[str, tuple[int, Deletion]] = {}
        for inp in self.inputs:
            for cid, d in inp.deleted.get("coding", {}).items():
                if cid not in deleted_at or d.at > deleted_at[cid][1].at:
                    deleted_at[cid] = (inp.index, d)
        return deleted_at

    def _versions(
        self, deleted_at: dict[str, tuple[int, Deletion]]
    ) -> tuple[dict[str, Row], dict[str, list[Row]], set[str]]:
        """Every input's codings that survive (their code kept, not deleted since), mapped
        onto the merged documents, codes and coders and re-anchored onto moved text, by
        UUID: the first version of each, the later versions of those several inputs hold
        (in input order); and the ids of those that could not be placed."""
        first: dict[str, Row] = {}
        more: dict[str, list[Row]] = {}
        unplaced_ids: set[str] = set()
        code_map: dict[str, str | None] = {}
        for inp in self.inputs:
            moved_docs = {d for i, d in self.reanchor if i == inp.index}
            for c in inp.codings:
                code_id = c["code_id"]
                if code_id not in code_map:
                    code_map[code_id] = self._map_code(code_id)
                code = code_map[code_id]
                if code is None:
                    self._drop(inp.index, c, "code_deleted")
                    continue
                cid = c["id"]
                gone = deleted_at.get(cid)
                if gone and c["modified_at"] <= gone[1].at:
                    self._drop(inp.index, c, "deleted", self.label(gone[0]))
                    continue
                row = dict(c)  # the input's row stays as read: the writer compares with it
                row["_src"] = inp.index
                row["document_id"] = self.document_id[c["document_id"]]
                row["code_id"] = code
                row["coder_id"] = self.coder_id[c["coder_id"]]
                moved = c["kind"] == "text" and c["document_id"] in moved_docs
                if moved and not self._place(inp.index, c, row):
                    unplaced_ids.add(cid)
                if cid not in first:
                    first[cid] = row
                elif cid in more:
                    more[cid].append(row)
                else:
                    more[cid] = [row]
        return first, more, unplaced_ids

    def _one_per_uuid(
        self, first: dict[str, Row], more: dict[str, list[Row]]
    ) -> tuple[dict[str, Row], dict[str, list[tuple[int, Row]]]]:
        """coding id -> the version kept (the newest where the versions differ, which is
        reported as a conflict); and, for the codings with several, every version as
        (input, row)."""
        chosen: dict[str, Row] = {}
        versions: dict[str, list[tuple[int, Row]]] = {}
        for cid, row in first.items():
            others = more.get(cid)
            if others is None:  # most codings: made in one copy only
                chosen[cid] = row
                continue
            vs = [(r["_src"], r) for r in (row, *others)]
            versions[cid] = vs
            if len({tuple(r[f] for f in _FIELDS) for _, r in vs}) == 1:  # the same everywhere
                chosen[cid] = max(vs, key=lambda v: (v[1]["modified_at"], -v[0]))[1]
                continue
            g = Group({cid}, vs)
            i, chosen[cid] = g.newest()
            diff = differing(g.versions, _FIELDS, lambda r: r)
            label = short(self.inputs[i].quote(cid))
            self._conflict("coding", cid, label, g.versions, diff, i, dict)
        return chosen, versions

    def _one_per_range(
        self,
        chosen: dict[str, Row],
        versions: dict[str, list[tuple[int, Row]]],
        unplaced_ids: set[str],
    ) -> list[Row]:
        """The codings kept, by id: one per document, code, coder and range (the oldest;
        the newest effect and judgement win). Fills ``coding_id`` (every input id -> the
        id kept) and counts each version's outcome."""
        first_of: dict[tuple, str] = {}
        twins_of: dict[tuple, list[str]] = {}
        for cid, row in chosen.items():
            key = _key(row)
            if key not in first_of:
                first_of[key] = cid
            elif key in twins_of:
                twins_of[key].append(cid)
            else:
                twins_of[key] = [cid]
        kept: list[Row] = []
        self.coding_id = {}
        outcomes = [Counter[str]() for _ in self.inputs]
        for key, keep in first_of.items():
            twins = twins_of.get(key)
            if twins is None and keep not in versions:  # the common case
                row = chosen[keep]
                kept.append(row)
                self.coding_id[keep] = keep
                outcomes[row["_src"]]["kept"] += 1
                if keep in unplaced_ids:
                    self._flag_unplaced(keep, row)
                continue
            ids = [keep, *(twins or ())]
            ids.sort(key=lambda c: (chosen[c]["created_at"], c))
            keep = ids[0]
            row = dict(chosen[keep])
            i = row["_src"]
            if len(ids) > 1:  # the same coding made twice: newest effect and judgement win
                pairs = [(chosen[c]["_src"], chosen[c]) for c in ids]
                ni, newest = max(pairs, key=lambda v: (v[1]["modified_at"], -v[0]))
                diff = differing(pairs, ("effect", "judgement"), lambda r: r)
                if diff:
                    label = short(self.inputs[i].quote(keep))
                    self._conflict("coding", keep, label, pairs, diff, ni, dict)
                row["effect"] = newest["effect"]
                row["judgement"] = newest["judgement"]
                row["modified_at"] = max(row["modified_at"], newest["modified_at"])
            kept.append(row)
            for n, cid in enumerate(ids):
                self.coding_id[cid] = keep
                for j, (vi, _) in enumerate(versions.get(cid) or [(chosen[cid]["_src"], {})]):
                    if n == 0 and j == 0:
                        outcomes[vi]["kept"] += 1
                    elif n == 0:
                        outcomes[vi]["same_coding"] += 1
                    else:
                        outcomes[vi]["duplicate"] += 1
            if keep in unplaced_ids:
                self._flag_unplaced(keep, row)
        for counter, extra in zip(self.outcomes, outcomes, strict=True):
            counter.update(extra)
        return sorted(kept, key=lambda r: r["id"])

    def _carried(self) -> tuple[list[Row], list[Row]]:
        """The inputs' flags (one per kept coding, not flagged already) and adjudication
        decisions (the newest per kept coding), moved onto the codings kept."""
        flags: list[Row] = []
        flagged = {f["coding_id"] for f in self.plan_.flags}
        for inp in self.inputs:
            for f in inp.flags:
                target = self.coding_id.get(f["coding_id"])
                if target and target not in flagged:
                    flags.append({**f, "coding_id": target})
                    flagged.add(target)
        adjudications: dict[str, tuple[int, Row]] = {}
        for inp in self.inputs:
            for a in inp.adjudications:
                target = self.coding_id.get(a["coding_id"])
                if target is None:
                    continue
                row = {
                    **a,
                    "coding_id": target,
                    "consensus_coding_id": self.coding_id.get(a["consensus_coding_id"] or ""),
                    "decided_by": self._map_coder(a["decided_by"]),
                }
                old = adjudications.get(target)
                if old is None or (row["decided_at"], -inp.index) > (old[1]["decided_at"], -old[0]):
                    adjudications[target] = (inp.index, row)
        decided = [r for _, r in sorted(adjudications.values(), key=lambda v: v[1]["coding_id"])]
        return flags, decided

    def _flag_unplaced(self, coding_id: str, row: Row) -> None:
        self.plan_.flags.append(
            {
                "coding_id": coding_id,
                "flag": "unplaced",
                "detail": "its quote is not in the document's text as now stored",
                "flagged_at": row["modified_at"],
            }
        )

    def _place(self, i: int, c: Row, row: Row) -> bool:
        """Re-anchor a text coding onto the kept text; False if it could not be placed."""
        anchor = self._reanchorer(i, c["document_id"])
        full = self.inputs[i].full_coding(c["id"])
        row.update({k: v for k, v in full.items() if k not in row or row[k] is None})
        row["_full"] = True  # written from this row, not copied from the input
        placed = anchor.place(c["char_start"], c["char_end"], full["quote"])
        doc = row["document_id"]
        si, sid = self.doc_source[doc]
        entry = {
            "coding_id": c["id"],
            "input": self.label(i),
            "document_id": doc,
            "quote": full["quote"],
            "from": [c["char_start"], c["char_end"]],
        }
        if placed is None:
            s, e = clamp(c["char_start"], c["char_end"], len(anchor.new))
            row["char_start"], row["char_end"] = s, e
            self.unplaced.append(entry)
            return False
        geometry = geometry_for(self.inputs[si].project, sid)
        first, last, rects = geometry.locate(*placed)
        row["char_start"], row["char_end"] = placed
        row["quote"] = geometry.text[placed[0] : placed[1]]
        row["page_start"], row["page_end"] = first, last
        row["rects"] = rects_to_json(rects)
        self.reanchored.append({**entry, "to": list(placed)})
        return True

    def _drop(self, i: int, c: Row, why: str, where: str = "") -> None:
        self.outcomes[i][why] += 1
        self.dropped.append(
            {
                "coding_id": c["id"],
                "input": self.label(i),
                "reason": why,
                "deleted_in": where or None,
                "document_id": self.document_id.get(c["document_id"], c["document_id"]),
                "page": c["page_start"],
                "quote": self.inputs[i].quote(c["id"]),
            }
        )


def _key(row: Row) -> tuple:
    if row["kind"] == "text":
        return (
            row["document_id"],
            row["code_id"],
            row["coder_id"],
            "text",
            row["char_start"],
            row["char_end"],
        )
    rects = json.dumps([[r.page, *r.rect] for r in rects_from_json(row["rects"])])
    return (row["document_id"], row["code_id"], row["coder_id"], "area", rects)
