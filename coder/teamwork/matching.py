"""Matching the same thing across merge inputs, and choosing which version of it to keep.

Things match by UUID first; a match key (a code's path, a coder's name) then joins groups
that no single input holds apart. Every choice depends on content, never on the order of
the inputs, except a tie in modification time, which goes to the earlier input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass
class Group:
    """One thing as the inputs have it: its versions as (input index, row)."""

    ids: set[str]
    versions: list[tuple[int, Row]] = field(default_factory=list)

    @property
    def inputs(self) -> set[int]:
        return {i for i, _ in self.versions}

    @property
    def canonical_id(self) -> str:
        """The id the merged project uses: the oldest member's (then the smallest)."""
        return min((r.get("created_at") or "", r["id"]) for _, r in self.versions)[1]

    def newest(self, stamp: str = "modified_at") -> tuple[int, Row]:
        """The most recently modified version; ties go to the earlier input."""
        return max(self.versions, key=lambda v: (v[1].get(stamp) or "", -v[0]))


def match(
    records: Iterable[tuple[int, Row]], key: Callable[[int, Row], str | None] | None = None
) -> tuple[list[Group], dict[str, Group]]:
    """Group records by id, then join groups sharing a key when no input holds both.

    Returns the groups (in a content order) and a map from every member id to its group.
    """
    by_id: dict[str, Group] = {}
    for i, row in records:
        group = by_id.setdefault(row["id"], Group({row["id"]}))
        group.versions.append((i, row))
    if key is not None:
        keyed: dict[str, set[str]] = {}
        for group in by_id.values():
            for i, row in group.versions:
                k = key(i, row)
                if k is not None:
                    keyed.setdefault(k, set()).add(row["id"])
        for k in sorted(keyed):
            members = sorted({id(by_id[m]): by_id[m] for m in keyed[k]}.values(), key=_order)
            if len(members) < 2:
                continue
            base = members[0]
            for other in members[1:]:
                if other is base or base.inputs & other.inputs:
                    continue  # an input holds both apart: they are different things
                base.ids |= other.ids
                base.versions.extend(other.versions)
                for member in other.ids:
                    by_id[member] = base
    groups = sorted({id(g): g for g in by_id.values()}.values(), key=_order)
    for g in groups:
        g.versions.sort(key=lambda v: (v[0], v[1]["id"]))
    return groups, by_id


def _order(group: Group) -> tuple[str, str]:
    return min((r.get("created_at") or "", r["id"]) for _, r in group.versions)


def differing(
    versions: list[tuple[int, Row]], fields: tuple[str, ...], view: Callable[[Row], Row]
) -> list[str]:
    """The fields on which the versions (seen through ``view``) disagree."""
    seen = [view(r) for _, r in versions]
    return [f for f in fields if len({_hashable(s.get(f)) for s in seen}) > 1]


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, (list, dict)) else value


def follow(thing: str, kept: dict[str, str], gone: dict[str, str | None]) -> str | None:
    """The id a thing has in the merged project: its own group's, or, when it was merged
    into another and deleted, that one's (followed through a chain of merges)."""
    for _ in range(20):
        if thing in kept:
            return kept[thing]
        into = gone.get(thing)
        if not into:
            return None
        thing = into
    return None
