"""The append-only change log: who did what, when. Deletions are recorded too, so a
later merge cannot bring deleted things back."""

from __future__ import annotations

import json
from typing import Any

from coder.ids import CoderId
from coder.project.clock import utc_now
from coder.project.records import Change
from coder.project.store import Project


def log(
    project: Project,
    coder_id: CoderId | None,
    action: str,
    entity: str,
    entity_id: str,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    at: str | None = None,
) -> None:
    """Append one entry. Call inside the ``write()`` transaction of the change it records."""
    project.conn.execute(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            at or utc_now(),
            coder_id,
            action,
            entity,
            entity_id,
            summary,
            json.dumps(detail or {}, ensure_ascii=False),
        ],
    )


def log_many(
    project: Project, rows: list[tuple[CoderId | None, str, str, str, str]], at: str | None = None
) -> None:
    """Append several entries (coder, action, entity, entity_id, summary) at one time."""
    now = at or utc_now()
    project.conn.executemany(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(now, *row) for row in rows],
    )


def log_detailed(
    project: Project,
    rows: list[tuple[CoderId | None, str, str, str, str, dict[str, Any]]],
    at: str | None = None,
) -> None:
    """Append several entries (coder, action, entity, entity_id, summary, detail) at once."""
    now = at or utc_now()
    project.conn.executemany(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(now, *row[:5], json.dumps(row[5], ensure_ascii=False)) for row in rows],
    )


def history(project: Project, entity: str | None = None, limit: int | None = None) -> list[Change]:
    sql = "SELECT seq, at, coder_id, action, entity, entity_id, summary FROM changes"
    params: list[Any] = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    sql += " ORDER BY seq DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [Change(*row) for row in project.conn.execute(sql, params)]


def deleted_ids(project: Project, entity: str) -> set[str]:
    rows = project.conn.execute(
        "SELECT entity_id FROM changes WHERE entity = ? AND action = 'delete'", [entity]
    )
    return {r[0] for r in rows}
