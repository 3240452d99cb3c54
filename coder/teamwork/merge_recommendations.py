"""The merge planner's steps for the recommendations register (the rules in
``coder.teamwork.merge``).

Recommendations match by UUID; where versions differ, each field is taken as codes' and
reviews' fields are (the latest change wins; ties to the earlier input) and a conflict is
reported, and the addressees and linked codes and codings come with the most recently
modified version. A recommendation deleted in one input stays deleted unless another
input changed it after the deletion. Status entries are never edited, only added: every
entry of every input is kept once (by UUID). Rejected suggestions are kept once per range;
open suggestions are not carried (detecting again makes them). A record whose review did
not survive the merge is left out; one whose document did not keeps its text, unanchored.
"""

from __future__ import annotations

from typing import Any

from coder.teamwork.matching import Row, match

ENTITY = "recommendation"
_FIELDS = ("label", "text", "scope", "owner", "timescale", "outcome", "cluster_id")


class RecommendationSteps:
    """Mixed into the planner, which provides inputs, plan_, document_id, coding_id,
    _map_review, _map_coder, _map_code, _deleted and _resolve."""

    inputs: Any
    plan_: Any
    document_id: dict[str, str]
    coding_id: dict[str, str]
    _map_review: Any
    _map_coder: Any
    _map_code: Any
    _deleted: Any
    _resolve: Any

    def _recommendations(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.recommendations.values()]
        groups, _ = match(records)
        kept: dict[str, Row] = {}
        for g in sorted(groups, key=lambda g: g.canonical_id):
            _, newest = g.newest()
            review = self._map_review(newest["review_id"])
            label = f"recommendation {newest['label'] or newest['text'][:40]}"
            if review is None or self._deleted(ENTITY, g, label):
                continue
            i, row = self._resolve(ENTITY, g, _FIELDS, lambda r: r, label)
            rid = g.canonical_id
            doc = self.document_id.get(row["document_id"]) if row["document_id"] else None
            anchored = doc is not None
            kept[rid] = {
                **row,
                "id": rid,
                "review_id": review,
                "document_id": doc,
                "char_start": row["char_start"] if anchored else None,
                "char_end": row["char_end"] if anchored else None,
                "page": row["page"] if anchored else None,
                "coder_id": self._map_coder(row["coder_id"]),
                "created_at": min(r["created_at"] for _, r in g.versions),
            }
            source = self.inputs[i]
            own = row["id"]
            for a in source.rec_addressees.get(own, []):
                self.plan_.rec_addressees.append({**a, "recommendation_id": rid})
            for c in source.rec_codes.get(own, []):
                code = self._map_code(c["code_id"])
                if code:
                    self.plan_.rec_codes.append({"recommendation_id": rid, "code_id": code})
            for c in source.rec_codings.get(own, []):
                coding = self.coding_id.get(c["coding_id"])
                if coding:
                    self.plan_.rec_codings.append({"recommendation_id": rid, "coding_id": coding})
        self.plan_.recommendations = sorted(kept.values(), key=lambda r: (r["created_at"], r["id"]))
        self._rec_dedupe_links()
        self._rec_statuses(set(kept), {m: g.canonical_id for g in groups for m in g.ids})
        self._rec_rejections()

    def _rec_dedupe_links(self) -> None:
        for name, key in (
            ("rec_addressees", ("recommendation_id", "kind", "name")),
            ("rec_codes", ("recommendation_id", "code_id")),
            ("rec_codings", ("recommendation_id", "coding_id")),
        ):
            seen: set[tuple[Any, ...]] = set()
            rows = []
            for r in getattr(self.plan_, name):
                k = tuple(r[c] for c in key)
                if k not in seen:
                    seen.add(k)
                    rows.append(r)
            setattr(self.plan_, name, rows)

    def _rec_statuses(self, alive: set[str], canonical: dict[str, str]) -> None:
        seen: set[str] = set()
        for inp in self.inputs:
            for s in inp.rec_statuses:
                rid = canonical.get(s["recommendation_id"])
                if rid in alive and s["id"] not in seen:
                    seen.add(s["id"])
                    self.plan_.rec_statuses.append(
                        {
                            **s,
                            "recommendation_id": rid,
                            "recorded_by": self._map_coder(s["recorded_by"]),
                        }
                    )
        self.plan_.rec_statuses.sort(key=lambda s: (s["created_at"], s["id"]))

    def _rec_rejections(self) -> None:
        seen: set[tuple[str, int, int]] = set()
        for inp in self.inputs:
            for r in inp.rec_rejections:
                doc = self.document_id.get(r["document_id"])
                if doc is None or (doc, r["char_start"], r["char_end"]) in seen:
                    continue
                seen.add((doc, r["char_start"], r["char_end"]))
                self.plan_.rec_rejections.append(
                    {**r, "document_id": doc, "coder_id": self._map_coder(r["coder_id"])}
                )
