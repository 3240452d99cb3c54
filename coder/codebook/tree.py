"""A pure tree over code rows, for paths and look-ups."""

from __future__ import annotations

from collections.abc import Iterable

from coder.codebook.paths import join_path

# Distinct, readable on white and on dark backgrounds; assigned in turn to new codes.
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
)


class CodeTree:
    """Built from (id, parent_id, name) triples; answers paths and children."""

    def __init__(self, rows: Iterable[tuple[str, str | None, str]]) -> None:
        self.parent: dict[str, str | None] = {}
        self.name: dict[str, str] = {}
        self.children: dict[str | None, list[str]] = {}
        for code_id, parent_id, name in rows:
            self.parent[code_id] = parent_id
            self.name[code_id] = name
            self.children.setdefault(parent_id, []).append(code_id)
        self._paths: dict[str, str] = {}

    def names(self, code_id: str) -> list[str]:
        names: list[str] = []
        seen: set[str] = set()
        node: str | None = code_id
        while node is not None and node not in seen:
            seen.add(node)
            names.append(self.name[node])
            node = self.parent.get(node)
        return names[::-1]

    def path(self, code_id: str) -> str:
        cached = self._paths.get(code_id)
        if cached is None:
            cached = self._paths[code_id] = join_path(self.names(code_id))
        return cached

    def label(self, code_id: str) -> str:
        """The path as a person reads it: the names joined by "/", a "/" inside a name left
        as it is (``path`` escapes it as ``\\/`` so that it can be parsed back)."""
        return "/".join(self.names(code_id))

    def find(self, names: list[str]) -> str | None:
        parent: str | None = None
        for name in names:
            match = next((c for c in self.children.get(parent, []) if self.name[c] == name), None)
            if match is None:
                return None
            parent = match
        return parent

    def ancestors(self, code_id: str) -> list[str]:
        """Parent, grandparent, … up to the top (nearest first)."""
        out: list[str] = []
        node = self.parent.get(code_id)
        while node is not None and node not in out and node != code_id:
            out.append(node)
            node = self.parent.get(node)
        return out

    def descendants(self, code_id: str) -> list[str]:
        out: list[str] = []
        stack = list(self.children.get(code_id, []))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(self.children.get(node, []))
        return out

    def has_cycle(self) -> list[str]:
        """Ids whose parent chain loops (a damaged file)."""
        bad = []
        for code_id in self.parent:
            seen = set()
            node: str | None = code_id
            while node is not None:
                if node in seen:
                    bad.append(code_id)
                    break
                seen.add(node)
                node = self.parent.get(node)
        return bad
