"""Adjudication rows: what became of each coder's coding in the consensus layer."""

from __future__ import annotations

from coder.ids import CoderId
from coder.project.records import Adjudication
from coder.project.store import Project
from coder.project.table import Table

TABLE = Table(
    "adjudications",
    "adjudication",
    Adjudication,
    ("coding_id", "decision", "consensus_coding_id", "decided_by", "decided_at"),
    key=("coding_id",),
    rank=20,
)


def decisions(project: Project) -> dict[str, str]:
    """coding id -> its decision, for every coding decided."""
    return dict(project.conn.execute("SELECT coding_id, decision FROM adjudications"))


def consensus_of(project: Project, coding_id: str) -> str | None:
    """The consensus coding a decided coding became (None: none, or not decided)."""
    row = project.conn.execute(
        "SELECT consensus_coding_id FROM adjudications WHERE coding_id = ?", [coding_id]
    ).fetchone()
    return row[0] if row else None


def record(
    project: Project,
    coding_id: str,
    decision: str,
    consensus_id: str | None,
    by: CoderId | None,
    now: str,
) -> None:
    """Write a coding's decision (replacing one it had). Call inside ``write()``."""
    project.conn.execute(
        "INSERT INTO adjudications (coding_id, decision, consensus_coding_id, decided_by, "
        "decided_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (coding_id) DO UPDATE SET "
        "decision = excluded.decision, consensus_coding_id = excluded.consensus_coding_id, "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        [coding_id, decision, consensus_id, by, now],
    )
