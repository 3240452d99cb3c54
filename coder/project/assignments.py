"""Who codes which document, and how far each coder has got with it."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import InvalidInputError
from coder.ids import CoderId, DocumentId
from coder.project import changelog
from coder.project.clock import utc_now
from coder.project.store import Project

STATUSES = ("not_started", "in_progress", "done")
STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress", "done": "done"}


@dataclass(frozen=True, slots=True)
class Assignment:
    document_id: DocumentId
    coder_id: CoderId
    assigned: bool
    status: str
    modified_at: str


def check_status(status: str) -> str:
    status = status.strip().lower().replace(" ", "_").replace("-", "_")
    if status not in STATUSES:
        raise InvalidInputError(
            f"status must be one of {', '.join(STATUS_LABELS.values())}, not '{status}'"
        )
    return status


def list_assignments(project: Project) -> list[Assignment]:
    rows = project.conn.execute(
        "SELECT document_id, coder_id, assigned, status, modified_at FROM assignments "
        "ORDER BY document_id, coder_id"
    )
    return [Assignment(DocumentId(d), CoderId(c), bool(a), s, m) for d, c, a, s, m in rows]


def status_of(project: Project, document_id: str, coder_id: str) -> str:
    row = project.conn.execute(
        "SELECT status FROM assignments WHERE document_id = ? AND coder_id = ?",
        [document_id, coder_id],
    ).fetchone()
    return row[0] if row else "not_started"


def assign(
    project: Project,
    document_ids: list[DocumentId],
    coder_ids: list[CoderId],
    by: CoderId | None,
    assigned: bool = True,
) -> None:
    """Assign (or unassign) documents to coders, keeping any status already marked."""
    with project.write():
        now = utc_now()
        for doc in document_ids:
            for coder in coder_ids:
                project.conn.execute(
                    "INSERT INTO assignments (document_id, coder_id, assigned, modified_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, coder_id) DO UPDATE SET "
                    "assigned = excluded.assigned, modified_at = excluded.modified_at",
                    [doc, coder, int(assigned), now],
                )
                changelog.log(
                    project,
                    by,
                    "update",
                    "assignment",
                    f"{doc}/{coder}",
                    "assigned" if assigned else "unassigned",
                    {"document_id": doc, "coder_id": coder, "assigned": assigned},
                    at=now,
                )


def set_status(
    project: Project, document_id: DocumentId, coder_id: CoderId, status: str
) -> str | None:
    """Mark a coder's progress on a document; returns the previous status (None if unset)."""
    status = check_status(status)
    with project.write():
        row = project.conn.execute(
            "SELECT status FROM assignments WHERE document_id = ? AND coder_id = ?",
            [document_id, coder_id],
        ).fetchone()
        now = utc_now()
        project.conn.execute(
            "INSERT INTO assignments (document_id, coder_id, assigned, status, modified_at) "
            "VALUES (?, ?, 0, ?, ?) ON CONFLICT (document_id, coder_id) DO UPDATE SET "
            "status = excluded.status, modified_at = excluded.modified_at",
            [document_id, coder_id, status, now],
        )
        changelog.log(
            project,
            coder_id,
            "update",
            "assignment",
            f"{document_id}/{coder_id}",
            f"marked {STATUS_LABELS[status]}",
            {"document_id": document_id, "coder_id": coder_id, "status": status},
            at=now,
        )
    return row[0] if row else None


def progress(project: Project) -> dict[str, dict[str, int]]:
    """Per coder name: how many of their documents are at each status (assigned ones, and
    any others they have marked)."""
    out: dict[str, dict[str, int]] = {}
    rows = project.conn.execute(
        "SELECT c.name, a.status, count(*) FROM assignments a JOIN coders c ON c.id = a.coder_id "
        "WHERE a.assigned = 1 OR a.status != 'not_started' GROUP BY c.name, a.status"
    )
    for name, status, n in rows:
        out.setdefault(name, dict.fromkeys(STATUSES, 0))[status] = n
    return out


Rows = list[tuple]


def snapshot(project: Project, pairs: list[tuple[str, str]]) -> Rows:
    """The assignment rows of these (document, coder) pairs, for ``restore``."""
    out: Rows = []
    for doc, coder in pairs:
        row = project.conn.execute(
            "SELECT document_id, coder_id, assigned, status, modified_at FROM assignments "
            "WHERE document_id = ? AND coder_id = ?",
            [doc, coder],
        ).fetchone()
        out.append((doc, coder, row))
    return out


def restore(project: Project, rows: Rows, by: CoderId | None, field: str) -> None:
    """Put one field (``assigned`` or ``status``) of the pairs back as ``snapshot`` found
    it, leaving the other as it is now; a row that did not exist goes again once both
    fields are back at their defaults."""
    if field not in ("assigned", "status"):
        raise ValueError(field)
    default = {"assigned": 0, "status": "not_started"}
    with project.write():
        now = utc_now()
        for doc, coder, row in rows:
            value = default[field] if row is None else row[2 if field == "assigned" else 3]
            project.conn.execute(
                f"UPDATE assignments SET {field} = ?, modified_at = ? "
                "WHERE document_id = ? AND coder_id = ?",
                [value, now, doc, coder],
            )
            if row is None:
                project.conn.execute(
                    "DELETE FROM assignments WHERE document_id = ? AND coder_id = ? "
                    "AND assigned = 0 AND status = 'not_started'",
                    [doc, coder],
                )
            elif not project.conn.execute(
                "SELECT 1 FROM assignments WHERE document_id = ? AND coder_id = ?", [doc, coder]
            ).fetchone():
                project.conn.execute(
                    "INSERT INTO assignments (document_id, coder_id, assigned, status, "
                    "modified_at) VALUES (?, ?, ?, ?, ?)",
                    [doc, coder, row[2], row[3], now],
                )
            changelog.log(
                project, by, "update", "assignment", f"{doc}/{coder}", f"{field} restored", at=now
            )
