"""The merge planner's step for the codebook (the rules in ``coder.teamwork.merge``).

Codes match by UUID, then by path, names compared as the one sibling-name rule compares them
(``coder.project.codes.sibling_key``: exactly, case and all). A code deleted in one input
stays deleted unless another input changed it, or coded with it, after the deletion; a code
merged into another follows it. Each field of the code kept comes from the input that
changed it last. A code keeps its parent, or the nearest ancestor that survived; two inputs
that moved two codes under each other make a cycle, broken by lifting one to the top; a code
whose name another code already has in the same place is renamed, and the report says so.
"""

from __future__ import annotations

from typing import Any

from coder.project import codes
from coder.teamwork.matching import Group, Row, follow, match

#: a code's fields a merge keeps, each from the version that changed it last
CODE_FIELDS = (
    "name",
    "colour",
    "description",
    "when_to_use",
    "when_not_to_use",
    "example",
    "codable",
    "takes_judgement",
    "takes_effect",
    "parent",
)


class CodeSteps:
    """Mixed into the planner, which provides inputs, plan_, conflicts, _deleted and
    _resolve."""

    inputs: Any
    plan_: Any
    conflicts: list[dict[str, Any]]
    _deleted: Any
    _resolve: Any

    def _codes(self) -> None:
        records = [(inp.index, r) for inp in self.inputs for r in inp.codes.values()]
        groups, self.code_group = match(
            records, key=lambda i, r: self.inputs[i].code_paths[r["id"]]
        )
        # when each code was last used in a coding, anywhere: use after a deletion keeps it
        used: dict[str, str] = {}
        for inp in self.inputs:
            for code_id, last in inp.code_last_used.items():
                g = self.code_group.get(code_id)
                if g is not None:
                    key = min(g.ids)
                    used[key] = max(used.get(key, ""), last)
        fields = CODE_FIELDS
        self.code_id: dict[str, str] = {}
        self.code_gone: dict[str, str | None] = {}
        winners: list[tuple[Group, int, Row]] = []

        def view(r: Row) -> Row:
            parent = r["parent_id"]
            pg = self.code_group.get(parent) if parent else None
            return {**r, "parent": pg.canonical_id if pg else None}

        for g in groups:
            i, newest = g.newest()
            label = self.inputs[i].code_paths[newest["id"]]
            gone = self._deleted("code", g, label, used.get(min(g.ids), ""))
            if gone:
                for m in g.ids:
                    self.code_gone[m] = gone[1].detail.get("merged_into")
                continue
            i, row = self._resolve("code", g, fields, view, label, {"parent": "parent_id"})
            winners.append((g, i, row))
            for m in g.ids:
                self.code_id[m] = g.canonical_id
        # parents: the winner's parent, or its nearest ancestor that survived
        rows: dict[str, Row] = {}
        for g, i, row in winners:
            parent = row["parent_id"]
            codes_i = self.inputs[row.get("_parent_id_input", i)].codes
            while parent and parent not in self.code_id:
                parent = codes_i[parent]["parent_id"] if parent in codes_i else None
            rows[g.canonical_id] = {
                "id": g.canonical_id,
                "parent_id": self.code_id[parent] if parent else None,
                **{k: row[k] for k in fields if k != "parent"},
                "position": row["position"],
                "created_at": min(r["created_at"] for _, r in g.versions),
                "modified_at": row["modified_at"],
            }
        _break_cycles(rows)
        taken: set[tuple[str, str]] = set()
        for row in sorted(rows.values(), key=lambda r: (r["created_at"], r["id"])):
            under: str | None = row["parent_id"]

            def clash(candidate: str, under: str | None = under) -> bool:
                return codes.sibling_key(under, candidate) in taken

            name = codes.numbered_name(row["name"], clash)
            if name != row["name"]:
                self.conflicts.append(
                    {
                        "entity": "code",
                        "id": row["id"],
                        "label": row["name"],
                        "fields": ["name"],
                        "kept": {"name": f"renamed '{name}': another code has this name and place"},
                        "versions": [],
                    }
                )
                row["name"] = name
            taken.add(codes.sibling_key(under, name))
        self.plan_.codes = sorted(rows.values(), key=lambda r: (r["created_at"], r["id"]))

    def _map_code(self, code_id: str) -> str | None:
        return follow(code_id, self.code_id, self.code_gone)


def _break_cycles(rows: dict[str, Row]) -> None:
    """Inputs that moved two codes under each other make a cycle; lift one to the top."""
    for start in sorted(rows):
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = rows[node]["parent_id"]
        if node is not None:  # a cycle through node
            rows[node]["parent_id"] = None
