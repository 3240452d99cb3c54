"""What a mutation changed (the older shape, still used by the recommendations register
until it returns an ``Edit``: see ``coder.project.edit``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, entity: str, entity_id: str) -> None:
        getattr(self, kind).setdefault(entity, []).append(entity_id)

    def count(self, kind: str, entity: str) -> int:
        return len(getattr(self, kind).get(entity, []))

    def touches(self, entity: str) -> bool:
        return any(entity in d for d in (self.created, self.updated, self.deleted))
