"""Screening tables: each coder's decision on each review (``screenings``), decisions that
settle a disagreement (``screening_resolutions``), and the project's criteria and reasons
(``project`` keys). Reads return records; writes run inside the caller's ``write()``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from coder.ids import CoderId, ReviewId
from coder.project.store import Project
from coder.project.table import Table

CRITERIA_KEY = "screening_criteria"
REASONS_KEY = "screening_reasons"
#: the reasons a project starts with; a project may set its own list once
DEFAULT_REASONS = (
    "not police-involved",
    "out of period",
    "out of scope",
    "duplicate",
    "no report available",
)
DECISIONS = ("include", "exclude")
METHODS = ("third_person", "consensus")

_SCREENING = (
    "s.id, s.review_id, s.coder_id, c.name, s.decision, s.reason, s.created_at, s.modified_at"
)


@dataclass(frozen=True, slots=True)
class Screening:
    id: str
    review_id: ReviewId
    coder_id: CoderId
    coder_name: str
    decision: str  # 'include' or 'exclude'
    reason: str  # '' when included
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class ScreeningRow:
    """A ``screenings`` row as stored: what an ``Edit`` holds."""

    id: str
    review_id: str
    coder_id: str
    decision: str
    reason: str
    created_at: str
    modified_at: str


COLUMNS = ("id", "review_id", "coder_id", "decision", "reason", "created_at", "modified_at")
TABLE = Table("screenings", "screening", ScreeningRow, COLUMNS, rank=40)


@dataclass(frozen=True, slots=True)
class Resolution:
    review_id: ReviewId
    decision: str
    reason: str
    method: str  # 'third_person' or 'consensus'
    decided_by: CoderId
    decided_by_name: str
    decided_at: str


@dataclass(frozen=True, slots=True)
class ResolutionRow:
    """A ``screening_resolutions`` row as stored: what an ``Edit`` holds."""

    review_id: str
    decision: str
    reason: str
    method: str
    decided_by: str
    decided_at: str


RESOLUTIONS = Table(
    "screening_resolutions",
    "screening_resolution",
    ResolutionRow,
    ("review_id", "decision", "reason", "method", "decided_by", "decided_at"),
    key=("review_id",),
    rank=40,
)


# -- criteria and reasons ---------------------------------------------------------------------


def criteria(project: Project) -> str:
    row = project.conn.execute("SELECT value FROM project WHERE key = ?", [CRITERIA_KEY]).fetchone()
    return row[0] if row else ""


def reasons(project: Project) -> list[str]:
    row = project.conn.execute("SELECT value FROM project WHERE key = ?", [REASONS_KEY]).fetchone()
    return list(json.loads(row[0])) if row else list(DEFAULT_REASONS)


def reasons_are_set(project: Project) -> bool:
    found = project.conn.execute("SELECT 1 FROM project WHERE key = ?", [REASONS_KEY]).fetchone()
    return found is not None


def set_setting(project: Project, criteria_text: str | None, reason_list: list[str] | None):
    rows = []
    if criteria_text is not None:
        rows.append((CRITERIA_KEY, criteria_text))
    if reason_list is not None:
        rows.append((REASONS_KEY, json.dumps(reason_list, ensure_ascii=False)))
    project.conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rows,
    )


# -- screenings -------------------------------------------------------------------------------


def list_screenings(project: Project, coder_id: str | None = None) -> list[Screening]:
    """Every screening record (or one coder's), by review (in the order reviews were added)
    then coder name."""
    where, args = ("WHERE s.coder_id = ?", [coder_id]) if coder_id else ("", [])
    rows = project.conn.execute(
        f"SELECT {_SCREENING} FROM screenings s JOIN coders c ON c.id = s.coder_id "
        f"JOIN reviews r ON r.id = s.review_id {where} ORDER BY r.rowid, c.name, s.rowid",
        args,
    )
    return [Screening(*r) for r in rows]


def find_screening(project: Project, review_id: str, coder_id: str) -> Screening | None:
    row = project.conn.execute(
        f"SELECT {_SCREENING} FROM screenings s JOIN coders c ON c.id = s.coder_id "
        "WHERE s.review_id = ? AND s.coder_id = ?",
        [review_id, coder_id],
    ).fetchone()
    return Screening(*row) if row else None


def write_screening(
    project: Project,
    screening_id: str,
    review_id: str,
    coder_id: str,
    decision: str,
    reason: str,
    created_at: str,
    now: str,
) -> None:
    """Insert or replace the coder's decision on the review (one per review and coder)."""
    project.conn.execute(
        "INSERT INTO screenings (id, review_id, coder_id, decision, reason, created_at, "
        "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(review_id, coder_id) DO UPDATE "
        "SET decision = excluded.decision, reason = excluded.reason, "
        "modified_at = excluded.modified_at",
        [screening_id, review_id, coder_id, decision, reason, created_at, now],
    )


def delete_screening(project: Project, review_id: str, coder_id: str) -> None:
    project.conn.execute(
        "DELETE FROM screenings WHERE review_id = ? AND coder_id = ?", [review_id, coder_id]
    )


# -- resolutions ------------------------------------------------------------------------------


def list_resolutions(project: Project) -> dict[ReviewId, Resolution]:
    rows = project.conn.execute(
        "SELECT s.review_id, s.decision, s.reason, s.method, s.decided_by, c.name, s.decided_at "
        "FROM screening_resolutions s JOIN coders c ON c.id = s.decided_by ORDER BY s.rowid"
    )
    return {ReviewId(r[0]): Resolution(*r) for r in rows}


def write_resolution(project: Project, r: Resolution) -> None:
    project.conn.execute(
        "INSERT INTO screening_resolutions (review_id, decision, reason, method, decided_by, "
        "decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(review_id) DO UPDATE SET "
        "decision = excluded.decision, reason = excluded.reason, method = excluded.method, "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        [r.review_id, r.decision, r.reason, r.method, r.decided_by, r.decided_at],
    )


def delete_resolution(project: Project, review_id: str) -> None:
    project.conn.execute("DELETE FROM screening_resolutions WHERE review_id = ?", [review_id])


@dataclass(frozen=True, slots=True)
class ProjectSetting:
    """One setting of the project's key/value table (the screening criteria and reasons)."""

    key: str
    value: str


SETTINGS = Table("project", "project_setting", ProjectSetting, ("key", "value"), key=("key",))
SETTING_KEYS = (CRITERIA_KEY, REASONS_KEY)
