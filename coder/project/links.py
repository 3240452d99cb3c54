"""Explains links between codings, and the codes' judgement and effect settings as stored."""

from __future__ import annotations

from collections.abc import Iterable

from coder.codebook.tree import CodeTree
from coder.ids import CodingId, LinkId
from coder.project.records import CodingLink
from coder.project.store import Project
from coder.project.table import Table

COLUMNS = ("id", "from_coding_id", "to_coding_id", "kind", "coder_id", "created_at")
_COLS = ", ".join(COLUMNS)
TABLE = Table("coding_links", "coding_link", CodingLink, COLUMNS, rank=20)


def _link(row: tuple) -> CodingLink:
    return CodingLink(LinkId(row[0]), CodingId(row[1]), CodingId(row[2]), row[3], row[4], row[5])


def list_links(project: Project, coding_ids: Iterable[str] | None = None) -> list[CodingLink]:
    """Every link, or those touching ``coding_ids`` (either end), oldest first."""
    rows = project.conn.execute(f"SELECT {_COLS} FROM coding_links ORDER BY created_at, rowid")
    links = [_link(r) for r in rows]
    if coding_ids is None:
        return links
    wanted = set(coding_ids)
    return [k for k in links if k.from_coding_id in wanted or k.to_coding_id in wanted]


def insert_link(project: Project, link: CodingLink) -> None:
    """Insert a link. Call inside ``write()``."""
    project.conn.execute(
        f"INSERT INTO coding_links ({_COLS}) VALUES (?, ?, ?, ?, ?, ?)",
        [
            link.id,
            link.from_coding_id,
            link.to_coding_id,
            link.kind,
            link.coder_id,
            link.created_at,
        ],
    )


def find_link(project: Project, from_id: str, to_id: str) -> LinkId | None:
    row = project.conn.execute(
        "SELECT id FROM coding_links WHERE from_coding_id = ? AND to_coding_id = ?",
        [from_id, to_id],
    ).fetchone()
    return LinkId(row[0]) if row else None


def code_settings(project: Project) -> tuple[CodeTree, dict[str, tuple[bool | None, bool | None]]]:
    """The code tree and each code's own (takes_judgement, takes_effect), None where unset."""
    rows = list(
        project.conn.execute("SELECT id, parent_id, name, takes_judgement, takes_effect FROM codes")
    )
    tree = CodeTree((r[0], r[1], r[2]) for r in rows)
    own = {
        r[0]: (None if r[3] is None else bool(r[3]), None if r[4] is None else bool(r[4]))
        for r in rows
    }
    return tree, own


def set_code_settings(
    project: Project, code_id: str, takes_judgement: bool | None, takes_effect: bool | None
) -> None:
    """Call inside ``write()``."""
    project.conn.execute(
        "UPDATE codes SET takes_judgement = ?, takes_effect = ? WHERE id = ?",
        [
            None if takes_judgement is None else int(takes_judgement),
            None if takes_effect is None else int(takes_effect),
            code_id,
        ],
    )
