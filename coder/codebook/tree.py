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
    """Built from (id, parent_id, name) triples; answers paths and children. Siblings keep
    the order the triples came in. A tree is not changed after it is built."""

    def __init__(self, rows: Iterable[tuple[str, str | None, str]]) -> None:
        self.parent: dict[str, str | None] = {}
        self.name: dict[str, str] = {}
        self.children: dict[str | None, list[str]] = {}
        for code_id, parent_id, name in rows:
            self.parent[code_id] = parent_id
            self.name[code_id] = name
            self.children.setdefault(parent_id, []).append(code_id)
        self._paths: dict[str, str] = {}
        self._rows: dict[str, int] | None = None

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

    def row(self, code_id: str) -> int:
        """The code's place among its parent's children (0: the first)."""
        if self._rows is None:  # worked out once: a view asks for every code's row
            self._rows = {c: i for kids in self.children.values() for i, c in enumerate(kids)}
        return self._rows[code_id]

    def walk(self, top: str | None = None) -> list[tuple[int, str]]:
        """(depth, id) of every code below ``top`` (None: the whole tree), depth first and
        siblings in order, as a tree view lists them; ``top``'s children have depth 0. A code
        in a loop of parents (a damaged file) is not reached from the top."""
        out: list[tuple[int, str]] = []
        seen: set[str] = set()
        # an explicit stack: a deep codebook must not hit Python's recursion limit
        stack = [(0, c) for c in reversed(self.children.get(top, []))]
        while stack:
            depth, node = stack.pop()
            if node in seen or node == top:
                continue
            seen.add(node)
            out.append((depth, node))
            stack.extend((depth + 1, c) for c in reversed(self.children.get(node, [])))
        return out

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
