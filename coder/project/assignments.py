"""Who codes which document, and how far each coder has got with it."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import InvalidInputError
from coder.ids import CoderId, DocumentId
from coder.project import changelog
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project
from coder.project.table import Table

STATUSES = ("not_started", "in_progress", "done")
STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress", "done": "done"}


@dataclass(frozen=True, slots=True)
class Assignment:
    document_id: DocumentId
    coder_id: CoderId
    assigned: bool
    status: str
    modified_at: str


def _row(a: Assignment) -> tuple:
    return (a.document_id, a.coder_id, int(a.assigned), a.status, a.modified_at)


def _assignment(row: tuple) -> Assignment:
    return Assignment(DocumentId(row[0]), CoderId(row[1]), bool(row[2]), row[3], row[4])


TABLE = Table(
    "assignments",
    "assignment",
    Assignment,
    ("document_id", "coder_id", "assigned", "status", "modified_at"),
    key=("document_id", "coder_id"),
    rank=20,
    encode=_row,
    decode=_assignment,
    # undoing an assignment keeps a coder's own progress mark made since
    neutral={"assigned": 0, "status": "not_started"},
)


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
) -> Edit:
    """Assign (or unassign) documents to coders, keeping any status already marked."""
    with project.write():
        record = Recorder(project)
        pairs = [(doc, coder) for doc in document_ids for coder in coder_ids]
        record.read(TABLE, pairs)
        record.created(TABLE, pairs)
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
        return record.edit()


def set_status(project: Project, document_id: DocumentId, coder_id: CoderId, status: str) -> Edit:
    """Mark a coder's progress on a document."""
    status = check_status(status)
    with project.write():
        record = Recorder(project)
        record.read(TABLE, [(document_id, coder_id)])
        record.created(TABLE, [(document_id, coder_id)])
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
        return record.edit()


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
