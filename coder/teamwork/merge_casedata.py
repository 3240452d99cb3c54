"""The merge planner's steps for case data (the rules in ``coder.teamwork.merge``).

Kinds match by UUID, then name; fields by UUID, then kind and name (a field's choices are
the union of the inputs', never fewer); records by UUID, as codings do. A record deleted in
one input stays deleted unless another changed it afterwards. Where versions of a record
disagree about a field, the input whose change log last records a change to that field
wins, else the most recently modified version, ties to the earlier input; each such
field is a conflict in the report. Links to passages are kept when their document is;
a link's coding follows the coding it was (or is forgotten with it).
"""

from __future__ import annotations

import json
from typing import Any

from coder.teamwork.matching import Group, Row, match

ENTITY = "case_record"


class CaseDataSteps:
    """Mixed into the planner, which provides inputs, plan_, _resolve, _deleted, _conflict,
    _map_review, _map_coder, document_id and coding_id."""

    inputs: Any
    plan_: Any
    document_id: dict[str, str]
    coding_id: dict[str, str]
    label: Any
    _resolve: Any
    _deleted: Any
    _conflict: Any
    _map_review: Any
    _map_coder: Any

    def _case_schema(self) -> None:
        kinds = [(inp.index, r) for inp in self.inputs for r in inp.case_kinds.values()]
        groups, _ = match(kinds, key=lambda i, r: r["name"].casefold())
        self.case_kind_id: dict[str, str] = {}
        fields = ("name", "file", "label_field", "match_fields", "description", "position")
        names: set[str] = set()
        for g in groups:
            _, row = self._resolve("case kind", g, fields, lambda r: r, g.newest()[1]["name"])
            if row["name"].casefold() in names or row["file"] in {
                k["file"] for k in self.plan_.case_kinds
            }:
                continue  # two kinds one input holds apart under one name: keep the first
            names.add(row["name"].casefold())
            self.plan_.case_kinds.append(
                {
                    **{k: row[k] for k in fields},
                    "id": g.canonical_id,
                    "created_at": min(r["created_at"] for _, r in g.versions),
                    "modified_at": row["modified_at"],
                }
            )
            for m in g.ids:
                self.case_kind_id[m] = g.canonical_id
        records = [(inp.index, r) for inp in self.inputs for r in inp.case_fields.values()]

        def key(i: int, r: Row) -> str | None:
            kind = self.case_kind_id.get(r["kind_id"])
            return f"{kind}/{r['name'].casefold()}" if kind else None

        groups, _ = match(records, key=key)
        self.case_field_id: dict[str, str] = {}
        field_columns = ("name", "type", "description", "position")
        seen: set[tuple[str, str]] = set()
        for g in groups:
            kind = self.case_kind_id.get(g.newest()[1]["kind_id"])
            if kind is None:
                continue
            _, row = self._resolve(
                "case field", g, field_columns, lambda r: r, g.newest()[1]["name"]
            )
            if (kind, row["name"].casefold()) in seen:
                continue
            seen.add((kind, row["name"].casefold()))
            choices: list[str] = []
            for _, r in sorted(g.versions, key=lambda v: (v[1]["created_at"], v[0])):
                choices += [c for c in json.loads(r["choices"]) if c not in choices]
            self.plan_.case_fields.append(
                {
                    **{k: row[k] for k in field_columns},
                    "id": g.canonical_id,
                    "kind_id": kind,
                    "choices": json.dumps(choices, ensure_ascii=False),
                    "created_at": min(r["created_at"] for _, r in g.versions),
                    "modified_at": max(r["modified_at"] for _, r in g.versions),
                }
            )
            for m in g.ids:
                self.case_field_id[m] = g.canonical_id

    def _case_records(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.case_records.values()]
        groups, _ = match(records)
        kept: dict[str, Row] = {}
        reviews = {r["id"]: r["name"] for r in self.plan_.reviews}
        kinds = {k["id"]: k["name"] for k in self.plan_.case_kinds}
        for g in sorted(groups, key=lambda g: g.canonical_id):
            _, newest = g.newest()
            review = self._map_review(newest["review_id"])
            kind = self.case_kind_id.get(newest["kind_id"])
            label = f"{reviews.get(review or '', '?')}: {kinds.get(kind or '', 'record')}"
            if review is None or kind is None:
                continue
            if self._deleted(ENTITY, g, label):
                continue
            rid = g.canonical_id
            kept[rid] = {
                "id": rid,
                "review_id": review,
                "kind_id": kind,
                "coder_id": self._map_coder(newest["coder_id"]),
                "created_at": min(r["created_at"] for _, r in g.versions),
                "modified_at": newest["modified_at"],
            }
            self._case_values(g, rid, label)
        self.plan_.case_records = sorted(kept.values(), key=lambda r: (r["created_at"], r["id"]))
        # person references to records that are gone are dropped
        alive = set(kept)
        references = {f["id"] for f in self.plan_.case_fields if f["type"] in ("person", "persons")}
        for v in self.plan_.case_values:
            if v["field_id"] in references and v["value"] is not None:
                parsed = json.loads(v["value"])
                named = [parsed] if isinstance(parsed, str) else list(parsed)
                left = [p for p in named if p in alive]
                if left != named:
                    single = isinstance(parsed, str)
                    v["value"] = (json.dumps(left[0] if single else left)) if left else None
        self.plan_.case_values = [
            v for v in self.plan_.case_values if v["value"] is not None or v["not_stated"]
        ]
        self._case_links(alive)

    def _case_values(self, g: Group, rid: str, label: str) -> None:
        """Field by field: the latest change to the field wins (see the module docstring)."""
        per_input: dict[int, dict[str, Row]] = {}
        for i, r in g.versions:
            per_input[i] = {
                self.case_field_id[v["field_id"]]: v
                for v in self.inputs[i].case_values.get(r["id"], [])
                if v["field_id"] in self.case_field_id
            }
        fields = sorted({f for values in per_input.values() for f in values})
        record_ids = {i: r["id"] for i, r in g.versions}
        names = {f["id"]: f["name"] for f in self.plan_.case_fields}
        for fid in fields:
            versions = [(i, per_input[i].get(fid)) for i, _ in g.versions]
            if len({_shown(v) for _, v in versions}) > 1:

                def when(v: tuple[int, Row | None], fid: str = fid) -> tuple[str, str, int]:
                    i = v[0]
                    record = next(r for j, r in g.versions if j == i)
                    own_ids = [
                        m for m, c in self.case_field_id.items() if c == fid
                    ]  # the field's id in that input
                    stamp = max(
                        (
                            self.inputs[i].field_stamps.get((ENTITY, record["id"], m), "")
                            for m in own_ids
                        ),
                        default="",
                    )
                    return (stamp, record.get("modified_at") or "", -i)

                wi, winner = max(versions, key=when)
                # a conflict is two inputs changing the field to different values since
                # the history they share; one input's change to a field the others left
                # alone simply carries over
                changed = {
                    _shown(v)
                    for i, v in versions
                    if self._own_change(i, [j for j, _ in versions], record_ids[i], fid)
                }
                if len(changed) > 1 or not changed:
                    stamps = {j: r["modified_at"] for j, r in g.versions}
                    view_rows = [
                        (i, {**(v or {"value": None, "not_stated": 0}), "modified_at": stamps[i]})
                        for i, v in versions
                    ]
                    self._conflict(
                        "case value",
                        f"{rid}/{fid}",
                        f"{label}: {names.get(fid, fid)}",
                        view_rows,
                        ["value"],
                        wi,
                        lambda r: {"value": "not stated" if r["not_stated"] else r["value"]},
                    )
            else:
                wi, winner = versions[0]
            if winner is not None:
                self.plan_.case_values.append({**winner, "record_id": rid, "field_id": fid})

    def _own_change(self, i: int, others: list[int], record_id: str, fid: str) -> bool:
        """Whether input ``i`` changed the field after the history every input shares: its
        latest change to it is missing from another input's change log."""
        history = self._case_history()
        mine = history[i].get((record_id, fid), set())
        if not mine:
            return False
        latest = max(mine)
        return any(latest not in history[j].get((record_id, fid), set()) for j in others if j != i)

    def _case_history(self) -> list[dict[tuple[str, str], set[str]]]:
        """Per input: (record, canonical field) -> when the change log records changes."""
        cached = getattr(self, "_case_history_cache", None)
        if cached is not None:
            return cached
        out: list[dict[tuple[str, str], set[str]]] = []
        for inp in self.inputs:
            own: dict[tuple[str, str], set[str]] = {}
            for at, _coder, action, entity, entity_id, _summary, detail in inp.changes:
                if entity != ENTITY or action != "update" or not detail or detail == "{}":
                    continue
                try:
                    changed = json.loads(detail)
                except ValueError:
                    continue
                for column in changed if isinstance(changed, dict) else ():
                    fid = self.case_field_id.get(column)
                    if fid:
                        own.setdefault((entity_id, fid), set()).add(at)
            out.append(own)
        self._case_history_cache = out
        return out

    def _case_links(self, alive: set[str]) -> None:
        seen: set[str] = set()
        for inp in self.inputs:
            for link in inp.case_links:
                record = link["record_id"]
                doc = self.document_id.get(link["document_id"])
                if record not in alive or doc is None or link["id"] in seen:
                    continue
                seen.add(link["id"])
                coding = self.coding_id.get(link["coding_id"]) if link["coding_id"] else None
                self.plan_.case_links.append({**link, "document_id": doc, "coding_id": coding})
        self.plan_.case_links.sort(key=lambda r: (r["created_at"], r["id"]))


def _shown(row: Row | None) -> tuple[bool, str | None]:
    """A value as compared: (not stated, the stored JSON); empty is (False, None)."""
    if row is None:
        return (False, None)
    return (bool(row["not_stated"]), row["value"])
