"""Memos: rows with an author and a time, any number per project, review, document, code
or coding."""

from __future__ import annotations

from coder.ids import CoderId, MemoId, new_id
from coder.project.records import Memo
from coder.project.store import Project
from coder.project.table import Table

COLUMNS = ("id", "target_kind", "target_id", "author_id", "text", "created_at", "modified_at")
TABLE = Table("memos", "memo", Memo, COLUMNS, rank=30)


def memos_for(project: Project, target_kind: str, target_id: str | None) -> list[Memo]:
    rows = project.conn.execute(
        "SELECT id, target_kind, target_id, author_id, text, created_at, modified_at FROM memos "
        "WHERE target_kind = ? AND target_id IS ? ORDER BY created_at, rowid",
        [target_kind, target_id],
    )
    return [
        Memo(MemoId(r[0]), r[1], r[2], CoderId(r[3]) if r[3] else None, r[4], r[5], r[6])
        for r in rows
    ]


def insert_memo(
    project: Project,
    target_kind: str,
    target_id: str | None,
    author_id: str | None,
    text: str,
    at: str,
) -> MemoId:
    """Add a memo written at ``at``. Call inside ``write()``."""
    memo_id = MemoId(new_id())
    project.conn.execute(
        "INSERT INTO memos (id, target_kind, target_id, author_id, text, created_at, "
        "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [memo_id, target_kind, target_id, author_id, text, at, at],
    )
    return memo_id


def retarget(project: Project, target_kind: str, old_id: str, new_id_: str) -> None:
    """Move the memos on one thing to another. Call inside ``write()``."""
    project.conn.execute(
        "UPDATE memos SET target_id = ? WHERE target_kind = ? AND target_id = ?",
        [new_id_, target_kind, old_id],
    )


def set_text(project: Project, memo_id: str, text: str, now: str) -> None:
    """Call inside ``write()``."""
    project.conn.execute(
        "UPDATE memos SET text = ?, modified_at = ? WHERE id = ?", [text, now, memo_id]
    )


def coding_memo_texts(project: Project, document_id: str | None = None) -> dict[str, list[str]]:
    """coding id -> the texts of its memos, oldest first (of one document's codings, or of
    every coding)."""
    sql = (
        "SELECT m.target_id, m.text FROM memos m JOIN codings c ON c.id = m.target_id "
        "WHERE m.target_kind = 'coding'"
    )
    params: list[str] = []
    if document_id is not None:
        sql += " AND c.document_id = ?"
        params.append(document_id)
    out: dict[str, list[str]] = {}
    for target, text in project.conn.execute(sql + " ORDER BY m.created_at, m.rowid", params):
        out.setdefault(target, []).append(text)
    return out


def list_memos(project: Project) -> list[Memo]:
    """Every memo, oldest first (ties as written: by rowid)."""
    rows = project.conn.execute(
        "SELECT id, target_kind, target_id, author_id, text, created_at, modified_at FROM memos "
        "ORDER BY created_at, rowid"
    )
    return [
        Memo(MemoId(r[0]), r[1], r[2], CoderId(r[3]) if r[3] else None, r[4], r[5], r[6])
        for r in rows
    ]
