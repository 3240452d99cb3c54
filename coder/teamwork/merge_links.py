"""The merge's decisions about what hangs off codings and codes: explains links, recode
flags, and frameworks with their categories and mapping. A mixin of the planner in
``coder.teamwork.merge``, run after the codings are decided."""

from __future__ import annotations

from typing import Any

from coder.project.merge_inputs import MergeInput
from coder.teamwork.matching import Row


class LinkSteps:
    # what the planner provides (see ``coder.teamwork.merge._Planner``)
    inputs: list[MergeInput]
    plan_: Any
    coding_id: dict[str, str]

    def _map_code(self, code_id: str) -> str | None:
        raise NotImplementedError

    def _map_coder(self, coder_id: str | None) -> str | None:
        raise NotImplementedError

    def _links(self) -> None:
        """Links by UUID, pointing at the codings kept; a link deleted in one input (its
        change log says so and the row is gone) stays deleted unless its codings were
        linked again later; two links between the same codings are one (the oldest)."""
        deleted: dict[str, str] = {}
        for inp in self.inputs:
            for link_id, d in inp.deleted.get("coding_link", {}).items():
                deleted[link_id] = max(deleted.get(link_id, ""), d.at)
        seen: dict[tuple[str, str, str], Row] = {}
        for inp in self.inputs:
            for link in inp.links:
                if link["id"] in deleted and link["created_at"] <= deleted[link["id"]]:
                    continue
                source = self.coding_id.get(link["from_coding_id"])
                target = self.coding_id.get(link["to_coding_id"])
                if source is None or target is None or source == target:
                    continue
                key = (source, target, link["kind"])
                row = {
                    **link,
                    "from_coding_id": source,
                    "to_coding_id": target,
                    "coder_id": self._map_coder(link["coder_id"]),
                }
                old = seen.get(key)
                if old is None or (row["created_at"], row["id"]) < (old["created_at"], old["id"]):
                    seen[key] = row
        self.plan_.links = sorted(seen.values(), key=lambda r: (r["created_at"], r["id"]))
        flags: dict[str, Row] = {}
        for inp in self.inputs:
            for f in inp.recode_flags:
                target = self.coding_id.get(f["coding_id"])
                code = self._map_code(f["code_id"])
                if target is None or code is None:
                    continue
                row = {**f, "coding_id": target, "code_id": code}
                old = flags.get(target)
                # a flag settled in any input stays settled
                if old is None or row["resolved"] > old["resolved"]:
                    flags[target] = row
        self.plan_.recode_flags = [flags[k] for k in sorted(flags)]
        self._frameworks()

    def _frameworks(self) -> None:
        """Frameworks by id (the most recently modified version's name, citation and
        categories); mapped codes follow the codes kept, and the mappings are the union."""
        chosen: dict[str, tuple[int, Row]] = {}
        for inp in self.inputs:
            for f in inp.frameworks:
                old = chosen.get(f["id"])
                if old is None or (f["modified_at"], -inp.index) > (
                    old[1]["modified_at"],
                    -old[0],
                ):
                    chosen[f["id"]] = (inp.index, f)
        names: set[str] = set()
        categories: dict[str, Row] = {}
        mappings: set[tuple[str, str]] = set()
        for fid, (i, f) in sorted(chosen.items(), key=lambda kv: kv[1][1]["created_at"]):
            name, n = f["name"], 2
            while name.casefold() in names:
                name = f"{f['name']} ({n})"
                n += 1
            names.add(name.casefold())
            self.plan_.frameworks.append({**f, "name": name})
            for c in self.inputs[i].categories:
                if c["framework_id"] == fid and c["id"] not in categories:
                    categories[c["id"]] = c
        for inp in self.inputs:
            for m in inp.mappings:
                code = self._map_code(m["code_id"])
                if m["category_id"] in categories and code is not None:
                    mappings.add((m["category_id"], code))
        self.plan_.categories = list(categories.values())
        self.plan_.mappings = [{"category_id": c, "code_id": k} for c, k in sorted(mappings)]
