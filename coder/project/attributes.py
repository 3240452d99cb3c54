"""Review attributes as stored: their definitions (``attributes``) and each review's typed
values (``attribute_values``: JSON, or "not stated"). Writes run inside the caller's
``write()``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec, from_json, to_json
from coder.project.store import Project
from coder.project.table import Table


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """One review's value of one attribute as stored: ``value`` is JSON (None when not
    stated)."""

    review_id: str
    attribute_id: str
    value: str | None
    not_stated: int
    modified_at: str


VALUES = Table(
    "attribute_values",
    "attribute_value",
    AttributeValue,
    ("review_id", "attribute_id", "value", "not_stated", "modified_at"),
    key=("review_id", "attribute_id"),
    rank=20,
)


def list_attributes(project: Project) -> list[AttributeSpec]:
    rows = project.conn.execute(
        "SELECT id, name, type, choices, description FROM attributes ORDER BY position, name"
    )
    return [AttributeSpec(i, n, t, json.loads(c), d) for i, n, t, c, d in rows]


def attribute_values(project: Project) -> dict[str, dict[str, Any]]:
    """review id -> attribute id -> value (NOT_STATED_VALUE for 'not stated')."""
    out: dict[str, dict[str, Any]] = {}
    for review_id, attr_id, value, not_stated in project.conn.execute(
        "SELECT review_id, attribute_id, value, not_stated FROM attribute_values"
    ):
        out.setdefault(review_id, {})[attr_id] = (
            NOT_STATED_VALUE if not_stated else from_json(value)
        )
    return out


def names_by_id(project: Project) -> dict[str, str]:
    return dict(project.conn.execute("SELECT id, name FROM attributes"))


def insert_attribute(project: Project, spec: AttributeSpec, position: int, now: str) -> None:
    project.conn.execute(
        "INSERT INTO attributes (id, name, type, choices, description, position, "
        "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            spec.id,
            spec.name,
            spec.type,
            json.dumps(spec.choices, ensure_ascii=False),
            spec.description,
            position,
            now,
            now,
        ],
    )


def write_value(project: Project, review_id: str, attribute_id: str, value: Any, now: str) -> None:
    """Set a value (a typed value or NOT_STATED_VALUE), or clear it (None)."""
    if value is None:
        project.conn.execute(
            "DELETE FROM attribute_values WHERE review_id = ? AND attribute_id = ?",
            [review_id, attribute_id],
        )
        return
    stated = value is not NOT_STATED_VALUE
    project.conn.execute(
        "INSERT INTO attribute_values (review_id, attribute_id, value, not_stated, "
        "modified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(review_id, attribute_id) DO UPDATE "
        "SET value = excluded.value, not_stated = excluded.not_stated, "
        "modified_at = excluded.modified_at",
        [review_id, attribute_id, to_json(value) if stated else None, 0 if stated else 1, now],
    )


def copy_missing(project: Project, target: str, source: str, now: str) -> None:
    """Give ``target`` the values of ``source`` it lacks."""
    project.conn.execute(
        "INSERT OR IGNORE INTO attribute_values (review_id, attribute_id, value, "
        "not_stated, modified_at) SELECT ?, attribute_id, value, not_stated, ? "
        "FROM attribute_values WHERE review_id = ?",
        [target, now, source],
    )


def stated_values(project: Project, attribute_id: str) -> list[AttributeValue]:
    """The values of one attribute that reviews state (``value`` not NULL), in the order
    they were written."""
    rows = project.conn.execute(
        f"SELECT {', '.join(VALUES.columns)} FROM attribute_values "
        "WHERE attribute_id = ? AND value IS NOT NULL ORDER BY rowid",
        [attribute_id],
    )
    return [AttributeValue(*r) for r in rows]


def update_attribute(
    project: Project, attribute_id: str, kind: str, choices: list[str], description: str, now: str
) -> None:
    """Give an attribute a new type, choices and description."""
    project.conn.execute(
        "UPDATE attributes SET type = ?, choices = ?, description = ?, modified_at = ? "
        "WHERE id = ?",
        [kind, json.dumps(choices, ensure_ascii=False), description, now, attribute_id],
    )


def replace_value(
    project: Project, review_id: str, attribute_id: str, value: Any, now: str
) -> None:
    """Put a new typed value in place of a review's stated one (a value converted to a new
    type); a review without a value of the attribute is left without."""
    project.conn.execute(
        "UPDATE attribute_values SET value = ?, modified_at = ? "
        "WHERE review_id = ? AND attribute_id = ?",
        [to_json(value), now, review_id, attribute_id],
    )


@dataclass(frozen=True, slots=True)
class AttributeRow:
    """An attribute's definition as stored (``choices``: JSON)."""

    id: str
    name: str
    type: str
    choices: str
    description: str
    position: int
    created_at: str
    modified_at: str


DEFINITIONS = Table(
    "attributes",
    "attribute",
    AttributeRow,
    ("id", "name", "type", "choices", "description", "position", "created_at", "modified_at"),
    rank=10,
)
