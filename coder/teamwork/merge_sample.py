"""The merge planner's steps for the sample (the rules in ``coder.teamwork.merge``).

Screening records are one per review and coder: two screeners' copies bring theirs
together, and where one coder's decision on a review differs between inputs, the most
recently modified wins (ties to the earlier input). Resolutions are one per review, and
duplicate decisions one per pair of documents (or per removed review): the latest wins.
A record whose review, coder or document did not survive the merge is left out. The
criteria and the reasons come from the first input that set them.
"""

from __future__ import annotations

from typing import Any

from coder.teamwork.matching import Group, Row

#: ``project`` keys the sample keeps (coder.project.screening)
SAMPLE_KEYS = ("screening_criteria", "screening_reasons")


class SampleSteps:
    """Mixed into the planner, which provides inputs, plan_, document_id, _map_review and
    _map_coder."""

    inputs: Any
    plan_: Any
    document_id: dict[str, str]
    _map_review: Any
    _map_coder: Any

    def _sample(self) -> None:
        self._screenings()
        self._resolutions()
        self._duplicates()
        meta: dict[str, str] = {}
        for inp in self.inputs:
            for key in SAMPLE_KEYS:
                if key in inp.meta and key not in meta:
                    meta[key] = inp.meta[key]
        self.plan_.sample_meta = meta

    def _screenings(self) -> None:
        versions: dict[tuple[str, str], list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for s in inp.screenings:
                review = self._map_review(s["review_id"])
                coder = self._map_coder(s["coder_id"])
                if review and coder:
                    versions.setdefault((review, coder), []).append((inp.index, s))
        for (review, coder), vs in sorted(versions.items()):
            _i, row = Group({review}, vs).newest()
            first = min((r["created_at"], r["id"]) for _, r in vs)
            self.plan_.screenings.append(
                {
                    **row,
                    "id": first[1],
                    "created_at": first[0],
                    "review_id": review,
                    "coder_id": coder,
                }
            )

    def _resolutions(self) -> None:
        versions: dict[str, list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for r in inp.resolutions:
                review = self._map_review(r["review_id"])
                coder = self._map_coder(r["decided_by"])
                if review and coder:
                    versions.setdefault(review, []).append(
                        (inp.index, {**r, "review_id": review, "decided_by": coder})
                    )
        for review, vs in sorted(versions.items()):
            self.plan_.resolutions.append(Group({review}, vs).newest("decided_at")[1])

    def _duplicates(self) -> None:
        pairs: dict[tuple[str, str], list[tuple[int, Row]]] = {}
        removed: dict[str, list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for d in inp.duplicate_decisions:
                a = self.document_id.get(d["document_a"])
                b = self.document_id.get(d["document_b"])
                if a and b and a != b:
                    a, b = sorted((a, b))
                    pairs.setdefault((a, b), []).append(
                        (
                            inp.index,
                            {
                                **d,
                                "document_a": a,
                                "document_b": b,
                                "decided_by": self._map_coder(d["decided_by"]),
                            },
                        )
                    )
            for d in inp.review_duplicates:
                review = self._map_review(d["review_id"])
                of = self._map_review(d["duplicate_of"])
                if review and of and review != of:
                    removed.setdefault(review, []).append(
                        (
                            inp.index,
                            {
                                **d,
                                "review_id": review,
                                "duplicate_of": of,
                                "decided_by": self._map_coder(d["decided_by"]),
                            },
                        )
                    )
        for key, vs in sorted(pairs.items()):
            self.plan_.duplicate_decisions.append(Group({key[0]}, vs).newest("decided_at")[1])
        for review, vs in sorted(removed.items()):
            self.plan_.review_duplicates.append(Group({review}, vs).newest("decided_at")[1])
