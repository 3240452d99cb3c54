"""Merging coders' project files into one.

``plan_merge`` reads the inputs (read-only) and decides everything: what matches what,
which version wins each conflict, what stays deleted, where codings on a differently
stored text now lie. Its report says all of it and accounts for every input coding.
``write_merge`` then writes the plan to a new project file atomically.

Rules (the README's "Merging" section is the user's version):

- documents match by SHA-256; codes by UUID, then path; coders, reviews and attributes by
  UUID, then name; codings by UUID, and two codings with the same document, code, coder
  and range are one (the oldest id is kept);
- where versions disagree, the most recent modification wins, ties to the earlier input;
- a thing deleted in one input (its change log says so and the row is gone) stays deleted
  unless another input changed it (for a code: or coded with it) after the deletion;
- codings on a document whose stored text differs from the kept text are re-anchored by
  quote and context; those that cannot be placed are kept where they were, flagged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coder.progress import NO_PROGRESS, Part, Progress
from coder.project.merge_inputs import Deletion, MergeInput, close_inputs, read_inputs
from coder.teamwork.matching import Group, Row, differing, follow, match
from coder.teamwork.merge_casedata import CaseDataSteps
from coder.teamwork.merge_codes import CodeSteps
from coder.teamwork.merge_codings import CodingSteps
from coder.teamwork.merge_links import LinkSteps
from coder.teamwork.merge_plan import MergePlan
from coder.teamwork.merge_recommendations import RecommendationSteps
from coder.teamwork.merge_sample import SampleSteps
from coder.text.reanchor import Reanchorer
from coder.text.short import short

#: a review's fields a merge keeps, each from the version that changed it last
REVIEW_FIELDS = (
    "name",
    "source_url",
    "repository",
    "retrieved_on",
    "publication_status",
    "published_on",
    "expected_file",
)
OUTCOMES = ("kept", "same_coding", "duplicate", "deleted", "code_deleted")


def plan_merge(paths: list[Path], progress: Progress = NO_PROGRESS) -> MergePlan:
    """Read the inputs and decide the merge. Close the plan (or use ``with``) after use.
    Raises Cancelled from ``progress`` (the inputs are only read)."""
    inputs = read_inputs(paths, Part(progress, 0, 2))
    try:
        return _Planner(inputs).plan(Part(progress, 1, 2))
    except BaseException:
        close_inputs(inputs)
        raise


# -- the planner ---------------------------------------------------------------------------


class _Planner(CodeSteps, CodingSteps, CaseDataSteps, LinkSteps, SampleSteps, RecommendationSteps):
    def __init__(self, inputs: list[MergeInput]) -> None:
        self.inputs = inputs
        self.plan_ = MergePlan(inputs)
        self.conflicts: list[dict[str, Any]] = []
        self.deletions: list[dict[str, Any]] = []
        self.moved_memos: list[dict[str, Any]] = []
        self.coding_id: dict[str, str] = {}  # every input coding id -> the one kept

    def label(self, i: int) -> str:
        return self.inputs[i].label

    # the steps, in dependency order
    def plan(self, progress: Progress = NO_PROGRESS) -> MergePlan:
        steps = (
            self._project,
            self._coders,
            self._reviews_and_attributes,
            self._codes,
            self._documents,
            self._values,
            self._codings,
            self._case_schema,
            self._case_records,
            self._links,
            self._memos,
            self._assignments,
            self._sample,
            self._recommendations,
            self._changes,
            self._report,
        )
        for n, step in enumerate(steps):
            progress.step(n, len(steps))
            step()
        return self.plan_

    # -- helpers -----------------------------------------------------------------------

    def _deletion(self, entity: str, ids: set[str]) -> tuple[int, Deletion] | None:
        found: tuple[int, Deletion] | None = None
        for inp in self.inputs:
            for member in ids:
                d = inp.deleted.get(entity, {}).get(member)
                if d and (found is None or d.at > found[1].at):
                    found = (inp.index, d)
        return found

    def _conflict(
        self,
        entity: str,
        entity_id: str,
        label: str,
        versions: list[tuple[int, Row]],
        fields: list[str],
        kept: int | dict[str, int],
        view: Any,
    ) -> None:
        if isinstance(kept, int):
            kept = dict.fromkeys(fields, kept)
        self.conflicts.append(
            {
                "entity": entity,
                "id": entity_id,
                "label": label,
                "fields": fields,
                "kept": {f: self.label(kept[f]) for f in fields},
                "versions": [
                    {
                        "input": self.label(i),
                        "modified_at": r.get("modified_at") or r.get("decided_at"),
                        **{f: view(r).get(f) for f in fields},
                    }
                    for i, r in versions
                ],
            }
        )

    def _resolve(
        self,
        entity: str,
        group: Group,
        fields: tuple[str, ...],
        view: Any,
        label: str,
        columns: dict[str, str] | None = None,
    ) -> tuple[int, Row]:
        """The version to keep, field by field: where versions disagree on a field, the one
        whose input changed that field last (by its change log) wins, else the most recently
        modified version; ties go to the earlier input. Records the conflict."""
        i, row = group.newest()
        diff = differing(group.versions, fields, view)
        if not diff:
            return i, row
        row = dict(row)
        kept: dict[str, int] = {}
        for f in diff:
            column = (columns or {}).get(f, f)

            def when(v: tuple[int, Row], column: str = column) -> tuple[str, str, int]:
                stamp = self.inputs[v[0]].field_stamps.get((entity, v[1]["id"], column), "")
                return (stamp, v[1].get("modified_at") or "", -v[0])

            wi, winner = max(group.versions, key=when)
            row[column] = winner[column]
            row[f"_{column}_input"] = wi
            kept[f] = wi
        self._conflict(entity, group.canonical_id, label, group.versions, diff, kept, view)
        return i, row

    def _deleted(
        self, entity: str, group: Group, label: str, later_use: str = ""
    ) -> tuple[int, Deletion] | None:
        """The deletion that removes this group, if one does (and record it)."""
        found = self._deletion(entity, group.ids)
        if found is None:
            return None
        i, d = found
        newest = max([r.get("modified_at") or "" for _, r in group.versions] + [later_use])
        if newest > d.at:
            self.conflicts.append(
                {
                    "entity": entity,
                    "id": group.canonical_id,
                    "label": label,
                    "fields": ["deleted"],
                    "kept": {"deleted": "not deleted: changed after the deletion"},
                    "versions": [{"input": self.label(i), "deleted_at": d.at}],
                }
            )
            return None
        self.deletions.append(
            {
                "entity": entity,
                "id": group.canonical_id,
                "label": label,
                "deleted_in": self.label(i),
                "deleted_at": d.at,
                "present_in": sorted({self.label(j) for j, _ in group.versions}),
            }
        )
        return found

    # -- steps -------------------------------------------------------------------------

    def _project(self) -> None:
        metas = [inp.meta for inp in self.inputs]
        self.plan_.meta = {
            "id": min(m.get("id", "") for m in metas),
            "created_at": min(m.get("created_at", "") for m in metas),
        }

    def _coders(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.coders.values()]
        groups, self.coder_of = match(records, key=lambda i, r: r["name"].casefold())
        self.coder_id: dict[str, str] = {}
        names: set[str] = set()
        for g in groups:
            cid = g.canonical_id
            first = min((r["created_at"], r["id"]) for _, r in g.versions)
            row = next(r for _, r in g.versions if r["id"] == first[1])
            name = row["name"]
            while name.casefold() in names:  # two coders apart in one input, same name
                name += " (2)"
            names.add(name.casefold())
            self.plan_.coders.append({"id": cid, "name": name, "created_at": row["created_at"]})
            for m in g.ids:
                self.coder_id[m] = cid

    def _map_coder(self, coder_id: str | None) -> str | None:
        return self.coder_id.get(coder_id) if coder_id else None

    def _reviews_and_attributes(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.reviews.values()]
        groups, _ = match(records, key=lambda i, r: r["name"].casefold())
        self.review_id: dict[str, str] = {}
        self.review_gone: dict[str, str | None] = {}  # deleted id -> "into" id, if any
        for g in groups:
            label = g.newest()[1]["name"]
            gone = self._deleted("review", g, label)
            if gone:
                for m in g.ids:
                    self.review_gone[m] = gone[1].detail.get("into")
                continue
            _, row = self._resolve("review", g, REVIEW_FIELDS, lambda r: r, label)
            cid = g.canonical_id
            self.plan_.reviews.append(
                {
                    "id": cid,
                    **{k: row.get(k) for k in REVIEW_FIELDS},
                    "created_at": min(r["created_at"] for _, r in g.versions),
                    "modified_at": row["modified_at"],
                    "_position": min((r["_position"], i) for i, r in g.versions),
                }
            )
            for m in g.ids:
                self.review_id[m] = cid
        # in the order they were added: by creation, then by position in the inputs
        self.plan_.reviews.sort(key=lambda r: (r["created_at"], r["_position"], r["id"]))

        records = [(inp.index, r) for inp in self.inputs for r in inp.attributes.values()]
        groups, _ = match(records, key=lambda i, r: r["name"].casefold())
        self.attribute_id: dict[str, str] = {}
        fields = ("name", "type", "choices", "description", "position")
        for g in groups:
            label = g.newest()[1]["name"]
            if self._deleted("attribute", g, label):
                continue
            _, row = self._resolve("attribute", g, fields, lambda r: r, label)
            cid = g.canonical_id
            self.plan_.attributes.append(
                {
                    **{k: row[k] for k in fields},
                    "id": cid,
                    "created_at": min(r["created_at"] for _, r in g.versions),
                    "modified_at": row["modified_at"],
                }
            )
            for m in g.ids:
                self.attribute_id[m] = cid

    def _map_review(self, review_id: str) -> str | None:
        return follow(review_id, self.review_id, self.review_gone)

    def _documents(self) -> None:
        by_sha: dict[str, list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for d in inp.documents.values():
                by_sha.setdefault(d["sha256"], []).append((inp.index, d))
        self.document_id: dict[str, str] = {}
        #: (input index, document id) -> Reanchorer, for inputs whose text differs
        self.reanchor: dict[tuple[int, str], Reanchorer | None] = {}
        self.doc_source: dict[str, tuple[int, str]] = {}
        for sha in sorted(by_sha):
            versions = by_sha[sha]
            # the text kept: the newest text model, then the oldest import
            si, src = max(
                versions,
                key=lambda v: (v[1]["text_version"], _neg(v[1]["imported_at"]), _neg(v[1]["id"])),
            )
            did = src["id"]
            g = Group({r["id"] for _, r in versions}, versions)
            mi, newest = g.newest()

            def view(r: Row) -> Row:
                return {**r, "review": self._map_review(r["review_id"])}

            diff = differing(versions, ("title", "review"), view)
            if diff:
                self._conflict("document", did, newest["title"], versions, diff, mi, view)
            review = self._map_review(newest["review_id"])
            for _, r in sorted(versions, key=lambda v: v[1]["modified_at"], reverse=True):
                review = review or self._map_review(r["review_id"])
            if review is None:  # every review it was in is gone: give it its own
                review = f"{did}-review"
                self.plan_.reviews.append(
                    {
                        "id": review,
                        "name": newest["title"],
                        "created_at": newest["imported_at"],
                        "modified_at": newest["modified_at"],
                    }
                )
                self.review_id[review] = review
            self.plan_.documents.append(
                {
                    **{k: src[k] for k in src if k != "text_sha"},
                    "title": newest["title"],
                    "review_id": review,
                    "imported_by": self._map_coder(src["imported_by"]),
                    "modified_at": newest["modified_at"],
                    "source": si,
                }
            )
            self.doc_source[did] = (si, did)
            for i, r in versions:
                self.document_id[r["id"]] = did
                if r["text_sha"] != src["text_sha"]:
                    self.reanchor[(i, r["id"])] = None  # built when first needed

    def _values(self) -> None:
        versions: dict[tuple[str, str], list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for v in inp.values:
                review = self._map_review(v["review_id"])
                attribute = self.attribute_id.get(v["attribute_id"])
                if review is None or attribute is None:
                    continue
                versions.setdefault((review, attribute), []).append((inp.index, v))
        names = {a["id"]: a["name"] for a in self.plan_.attributes}
        reviews = {r["id"]: r["name"] for r in self.plan_.reviews}
        for (review, attribute), vs in sorted(versions.items()):
            g = Group({f"{review}/{attribute}"}, vs)
            i, row = g.newest()
            diff = differing(vs, ("value", "not_stated"), lambda r: r)
            if diff:
                label = f"{reviews[review]}: {names[attribute]}"
                self._conflict("attribute value", f"{review}/{attribute}", label, vs, diff, i, dict)
            self.plan_.values.append({**row, "review_id": review, "attribute_id": attribute})

    def _memos(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.memos.values()]
        groups, _ = match(records)
        coding_docs = {c["id"]: c["document_id"] for c in self.plan_.codings}
        dropped_docs = {d["coding_id"]: d["document_id"] for d in self.dropped}
        for g in groups:
            label = short(g.newest()[1]["text"])
            if self._deleted("memo", g, label):
                continue
            _i, row = self._resolve("memo", g, ("text",), lambda r: r, label)
            kind, target = row["target_kind"], row["target_id"]
            new_kind, new_target = kind, target
            if kind == "code":
                new_target = self._map_code(target) if target else None
            elif kind == "review":
                new_target = self._map_review(target) if target else None
            elif kind == "document":
                new_target = self.document_id.get(target) if target else None
            elif kind == "coding":
                new_target = self.coding_id.get(target) if target else None
                if new_target is None and target in dropped_docs:
                    new_kind, new_target = "document", dropped_docs[target]
            if kind != "project" and new_target is None:
                new_kind, new_target = "project", None
            if new_kind != kind:
                self.moved_memos.append(
                    {
                        "memo_id": g.canonical_id,
                        "from": kind,
                        "to": new_kind,
                        "text": short(row["text"]),
                    }
                )
            if new_kind == "coding" and new_target not in coding_docs:
                new_kind, new_target = "project", None
            self.plan_.memos.append(
                {
                    **row,
                    "id": g.canonical_id,
                    "target_kind": new_kind,
                    "target_id": new_target,
                    "author_id": self._map_coder(row["author_id"]),
                    "created_at": min(r["created_at"] for _, r in g.versions),
                }
            )

    def _assignments(self) -> None:
        versions: dict[tuple[str, str], list[tuple[int, Row]]] = {}
        for inp in self.inputs:
            for a in inp.assignments:
                doc = self.document_id.get(a["document_id"])
                coder = self._map_coder(a["coder_id"])
                if doc and coder:
                    versions.setdefault((doc, coder), []).append((inp.index, a))
        for (doc, coder), vs in sorted(versions.items()):
            _i, row = Group({doc}, vs).newest()
            self.plan_.assignments.append({**row, "document_id": doc, "coder_id": coder})

    def _changes(self) -> None:
        seen: set[tuple] = set()
        for inp in self.inputs:
            seen.update(inp.changes)
        self.plan_.changes = sorted(seen, key=lambda c: tuple("" if v is None else v for v in c))

    def _report(self) -> None:
        total = [len(inp.codings) for inp in self.inputs]
        self.plan_.report = {
            "inputs": [
                {
                    "path": str(inp.path),
                    "name": inp.meta.get("name", inp.path.stem),
                    "codings": total[inp.index],
                    "outcomes": {k: self.outcomes[inp.index][k] for k in OUTCOMES},
                }
                for inp in self.inputs
            ],
            "result": {
                "documents": len(self.plan_.documents),
                "codes": len(self.plan_.codes),
                "coders": len(self.plan_.coders),
                "reviews": len(self.plan_.reviews),
                "codings": len(self.plan_.codings),
                "memos": len(self.plan_.memos),
                "flagged": len(self.plan_.flags),
                "case_records": len(self.plan_.case_records),
            },
            "input_codings": sum(total),
            "conflicts": self.conflicts,
            "deletions": self.deletions,
            "dropped_codings": self.dropped,
            "reanchored": self.reanchored,
            "unplaced": self.unplaced,
            "moved_memos": self.moved_memos,
        }


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that orders strings in reverse (for "oldest first" inside a ``max``)."""
    return tuple(-ord(ch) for ch in text)
