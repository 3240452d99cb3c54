"""Recode flags: codings of a code that a newer codebook split, kept on the original code
until someone recodes them or decides they stay."""

from __future__ import annotations

import json
from dataclasses import dataclass

from coder.ids import CodeId, CodingId
from coder.project.store import Project
from coder.project.table import Table


@dataclass(frozen=True, slots=True)
class RecodeFlag:
    coding_id: CodingId
    code_id: CodeId  # the split code the coding was on when flagged
    split_into: tuple[CodeId, ...]
    resolved: bool
    flagged_at: str


def _row(f: RecodeFlag) -> tuple:
    return (f.coding_id, f.code_id, json.dumps(list(f.split_into)), int(f.resolved), f.flagged_at)


def _flag(row: tuple) -> RecodeFlag:
    split = tuple(CodeId(c) for c in json.loads(row[2]))
    return RecodeFlag(CodingId(row[0]), CodeId(row[1]), split, bool(row[3]), row[4])


TABLE = Table(
    "recode_flags",
    "recode_flag",
    RecodeFlag,
    ("coding_id", "code_id", "split_into", "resolved", "flagged_at"),
    key=("coding_id",),
    rank=20,
    encode=_row,
    decode=_flag,
)


def flag(project: Project, code_id: str, split_into: list[str], at: str) -> list[CodingId]:
    """Flag every coding now on ``code_id`` that was never flagged; returns their ids.
    Call inside ``write()``."""
    ids = [
        CodingId(r[0])
        for r in project.conn.execute(
            "SELECT id FROM codings WHERE code_id = ? "
            "AND id NOT IN (SELECT coding_id FROM recode_flags) ORDER BY rowid",
            [code_id],
        )
    ]
    project.conn.executemany(
        "INSERT INTO recode_flags (coding_id, code_id, split_into, flagged_at) VALUES (?, ?, ?, ?)",
        [(i, code_id, json.dumps(split_into), at) for i in ids],
    )
    return ids


def open_flags(project: Project) -> list[RecodeFlag]:
    """Flags still to settle: unresolved, with the coding still on the code that was split
    (a coding moved to another code has been recoded), oldest first."""
    rows = project.conn.execute(
        "SELECT f.coding_id, f.code_id, f.split_into, f.resolved, f.flagged_at "
        "FROM recode_flags f JOIN codings c ON c.id = f.coding_id "
        "WHERE f.resolved = 0 AND c.code_id = f.code_id ORDER BY f.flagged_at, f.rowid"
    )
    return [
        RecodeFlag(
            CodingId(r[0]), CodeId(r[1]), tuple(CodeId(c) for c in json.loads(r[2])), False, r[4]
        )
        for r in rows
    ]


def set_resolved(project: Project, coding_ids: list[str], resolved: bool) -> list[str]:
    """Mark flags settled (or open again); returns the coding ids changed. Call inside
    ``write()``."""
    changed = []
    for coding_id in coding_ids:
        cur = project.conn.execute(
            "UPDATE recode_flags SET resolved = ? WHERE coding_id = ? AND resolved != ?",
            [int(resolved), coding_id, int(resolved)],
        )
        if cur.rowcount:
            changed.append(coding_id)
    return changed
