"""Edits to codings and the codebook, each one transaction, each with what undoes it.

Undo in the desktop app calls these functions too: a deletion returns a ``Snapshot`` of
every row it removed or changed, and ``restore`` puts those rows back as they were (same
UUIDs), so an undone deletion is the same coding, not a look-alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coder.coding.changes import ChangeSet
from coder.coding.operations import check_effect
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CodeId, CoderId
from coder.project import changelog, codes
from coder.project.clock import utc_now
from coder.project.store import Project

_CODE_COLS = (
    "id",
    "parent_id",
    "name",
    "colour",
    "description",
    "position",
    "codable",
    "created_at",
    "modified_at",
    "when_to_use",
    "when_not_to_use",
    "example",
    "takes_judgement",
    "takes_effect",
)
_CODING_COLS = (
    "id",
    "document_id",
    "code_id",
    "coder_id",
    "kind",
    "char_start",
    "char_end",
    "page_start",
    "page_end",
    "rects",
    "quote",
    "effect",
    "created_at",
    "modified_at",
    "judgement",
)
_LINK_COLS = ("id", "from_coding_id", "to_coding_id", "kind", "coder_id", "created_at")
_MEMO_COLS = ("id", "target_kind", "target_id", "author_id", "text", "created_at", "modified_at")


@dataclass(frozen=True)
class Snapshot:
    """Rows as they were before an edit: codes (parents first), codings and memos."""

    codes: tuple[tuple[Any, ...], ...] = ()
    codings: tuple[tuple[Any, ...], ...] = ()
    memos: tuple[tuple[Any, ...], ...] = ()
    links: tuple[tuple[Any, ...], ...] = ()  # explains links touching the codings
    created_codes: tuple[str, ...] = field(default=())


def _rows(
    project: Project, table: str, cols: tuple[str, ...], key: str, ids: list[str]
) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.extend(
            project.conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} WHERE {key} IN ({marks})", chunk
            )
        )
    return out


def snapshot(project: Project, code_ids: list[str], coding_ids: list[str]) -> Snapshot:
    tree = codes.code_tree(project)
    code_rows = sorted(
        _rows(project, "codes", _CODE_COLS, "id", code_ids), key=lambda r: len(tree.names(r[0]))
    )
    coding_rows = _rows(project, "codings", _CODING_COLS, "id", coding_ids)
    memo_rows = [
        r
        for kind, ids in (("code", code_ids), ("coding", coding_ids))
        for r in _rows(project, "memos", _MEMO_COLS, "target_id", ids)
        if r[1] == kind
    ]
    link_rows = {
        r[0]: r
        for key in ("from_coding_id", "to_coding_id")
        for r in _rows(project, "coding_links", _LINK_COLS, key, coding_ids)
    }
    return Snapshot(
        tuple(code_rows), tuple(coding_rows), tuple(memo_rows), tuple(link_rows.values())
    )


def _upsert(
    project: Project, table: str, cols: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]
) -> None:
    if not rows:
        return
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
    project.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT(id) DO UPDATE SET {sets}",
        rows,
    )


def restore(project: Project, snap: Snapshot, coder_id: CoderId | None) -> ChangeSet:
    """Put the snapshot's rows back as they were, and remove codes the edit created."""
    changes = ChangeSet()
    with project.write():
        _upsert(project, "codes", _CODE_COLS, snap.codes)
        _upsert(project, "codings", _CODING_COLS, snap.codings)
        _upsert(project, "memos", _MEMO_COLS, snap.memos)
        # a link comes back only when both of its codings are there again
        project.conn.executemany(
            "INSERT OR IGNORE INTO coding_links (id, from_coding_id, to_coding_id, kind, "
            "coder_id, created_at) SELECT ?, ?, ?, ?, ?, ? WHERE "
            "(SELECT count(*) FROM codings WHERE id IN (?, ?)) = 2",
            [(*r, r[1], r[2]) for r in snap.links],
        )
        for code_id in snap.created_codes:
            project.conn.execute("DELETE FROM codes WHERE id = ?", [code_id])
            changelog.log(project, coder_id, "delete", "code", code_id, "undone: code created")
            changes.add("deleted", "code", code_id)
        now = utc_now()
        changelog.log_many(
            project,
            [(coder_id, "update", "code", r[0], f"restored code '{r[2]}'") for r in snap.codes]
            + [(coder_id, "update", "coding", r[0], "restored coding") for r in snap.codings],
            at=now,
        )
        for r in snap.codes:
            changes.add("updated", "code", r[0])
        for r in snap.codings:
            changes.add("updated", "coding", r[0])
    return changes


# -- codings ----------------------------------------------------------------------


def delete_codings(project: Project, coding_ids: list[str], coder_id: CoderId | None) -> Snapshot:
    """Delete codings (and their memos); the snapshot restores them."""
    with project.write():
        snap = snapshot(project, [], coding_ids)
        for row in snap.codings:
            project.conn.execute("DELETE FROM codings WHERE id = ?", [row[0]])
            changelog.log(
                project,
                coder_id,
                "delete",
                "coding",
                row[0],
                f"deleted coding p.{row[7]}",
                {"code_id": row[2]},
            )
    return snap


def set_effect(
    project: Project, coding_ids: list[str], effect: str | None, coder_id: CoderId | None
) -> Snapshot:
    """Set the effect (supports / hinders / None) of codings."""
    effect = check_effect(effect)
    with project.write():
        snap = snapshot(project, [], coding_ids)
        now = utc_now()
        for row in snap.codings:
            project.conn.execute(
                "UPDATE codings SET effect = ?, modified_at = ? WHERE id = ?", [effect, now, row[0]]
            )
            changelog.log(
                project,
                coder_id,
                "update",
                "coding",
                row[0],
                f"effect: {effect or 'none'}",
                {"effect": effect},
                at=now,
            )
    return snap


# -- codes --------------------------------------------------------------------------


def add_code(
    project: Project,
    name: str,
    parent_id: CodeId | None,
    coder_id: CoderId | None,
    colour: str | None = None,
    description: str = "",
    code_id: CodeId | None = None,
) -> tuple[CodeId, Snapshot]:
    """Create a code (with ``code_id`` when redoing); the snapshot removes it again."""
    with project.write():
        code = codes.create_code(
            project, name, parent_id, coder_id, colour, description, code_id=code_id
        )
    return code.id, Snapshot(created_codes=(code.id,))


def update_code(
    project: Project, code_id: CodeId, coder_id: CoderId | None, **fields: str
) -> Snapshot:
    """Change a code's ``name``, ``colour`` or ``description``."""
    allowed = {"name", "colour", "description", "when_to_use", "when_not_to_use", "example"}
    if not fields or set(fields) - allowed:
        raise InvalidInputError(f"a code's editable fields are {sorted(allowed)}")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise InvalidInputError("a code needs a name")
    if "colour" in fields and not _is_colour(fields["colour"]):
        raise InvalidInputError(f"'{fields['colour']}' is not a colour like #1f77b4")
    with project.write():
        code = codes.get_code(project, code_id)
        if code is None:
            raise NotFoundError(f"no code with id {code_id}")
        if "name" in fields and fields["name"] != code.name:
            clash = project.conn.execute(
                "SELECT 1 FROM codes WHERE ifnull(parent_id, '') = ifnull(?, '') AND name = ? "
                "AND id != ?",
                [code.parent_id, fields["name"], code_id],
            ).fetchone()
            if clash:
                raise InvalidInputError(f"a code named '{fields['name']}' already exists there")
        snap = snapshot(project, [code_id], [])
        now = utc_now()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        project.conn.execute(
            f"UPDATE codes SET {assignments}, modified_at = ? WHERE id = ?",
            [*fields.values(), now, code_id],
        )
        summary = "; ".join(f"{k}: {v!r}" for k, v in fields.items())
        changelog.log(
            project,
            coder_id,
            "update",
            "code",
            code_id,
            f"code '{code.name}' {summary}",
            dict(fields),
            at=now,
        )
    return snap


def _is_colour(text: str) -> bool:
    return (
        len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:])
    )


def move_code(
    project: Project,
    code_id: CodeId,
    parent_id: CodeId | None,
    position: int,
    coder_id: CoderId | None,
) -> Snapshot:
    """Move a code under ``parent_id`` (None: top level) at ``position`` among its siblings."""
    with project.write():
        tree = codes.code_tree(project)
        if code_id not in tree.parent:
            raise NotFoundError(f"no code with id {code_id}")
        if parent_id is not None and (
            parent_id == code_id or parent_id in tree.descendants(code_id)
        ):
            raise InvalidInputError("a code cannot move inside itself")
        name = tree.name[code_id]
        siblings = [c for c in tree.children.get(parent_id, []) if c != code_id]
        if any(tree.name[c] == name for c in siblings):
            raise InvalidInputError(f"a code named '{name}' already exists there")
        old_siblings = tree.children.get(tree.parent[code_id], [])
        snap = snapshot(project, list({code_id, *siblings, *old_siblings}), [])
        ordered = sorted(siblings, key=lambda c: _position(project, c))
        position = max(0, min(position, len(ordered)))
        ordered.insert(position, code_id)
        now = utc_now()
        project.conn.execute(
            "UPDATE codes SET parent_id = ?, modified_at = ? WHERE id = ?",
            [parent_id, now, code_id],
        )
        for i, c in enumerate(ordered):
            project.conn.execute("UPDATE codes SET position = ? WHERE id = ?", [i, c])
        changelog.log(
            project,
            coder_id,
            "update",
            "code",
            code_id,
            f"code '{name}' moved",
            {"parent_id": parent_id, "position": position},
            at=now,
        )
    return snap


def _position(project: Project, code_id: str) -> int:
    return project.conn.execute("SELECT position FROM codes WHERE id = ?", [code_id]).fetchone()[0]


def merge_code(
    project: Project, source: CodeId, target: CodeId, coder_id: CoderId | None
) -> Snapshot:
    """Merge ``source`` into ``target``: its codings and sub-codes move to the target and it
    is deleted. A coding that would duplicate one the target has (same document, coder and
    range) is dropped; its memos move to the twin."""
    with project.write():
        tree = codes.code_tree(project)
        for c in (source, target):
            if c not in tree.parent:
                raise NotFoundError(f"no code with id {c}")
        if source == target or target in tree.descendants(source):
            raise InvalidInputError("a code cannot be merged into itself or its sub-code")
        children = tree.children.get(source, [])
        coding_ids = [
            r[0] for r in project.conn.execute("SELECT id FROM codings WHERE code_id = ?", [source])
        ]
        snap = snapshot(project, [source, *children], coding_ids)
        conn = project.conn
        now = utc_now()
        target_names = {tree.name[c] for c in tree.children.get(target, [])}
        for child in children:
            if tree.name[child] in target_names:
                raise InvalidInputError(
                    f"both codes have a sub-code named '{tree.name[child]}'; merge those first"
                )
        for child in children:
            conn.execute(
                "UPDATE codes SET parent_id = ?, modified_at = ? WHERE id = ?", [target, now, child]
            )
        for cid in coding_ids:
            _repoint(project, cid, target, coder_id, now)
        conn.execute(
            "UPDATE memos SET target_id = ? WHERE target_kind = 'code' AND target_id = ?",
            [target, source],
        )
        conn.execute("DELETE FROM codes WHERE id = ?", [source])
        changelog.log(
            project,
            coder_id,
            "delete",
            "code",
            source,
            f"code '{tree.name[source]}' merged into '{tree.name[target]}'",
            {"merged_into": target},
            at=now,
        )
    return snap


def _repoint(
    project: Project, coding_id: str, code_id: str, coder_id: CoderId | None, now: str
) -> None:
    """Move a coding to another code; where that code already has the same coding (same
    document, coder and range), drop this one and move its memos to the twin."""
    conn = project.conn
    doc, coder, start, end = conn.execute(
        "SELECT document_id, coder_id, char_start, char_end FROM codings WHERE id = ?", [coding_id]
    ).fetchone()
    twin = None
    if start is not None:
        twin = conn.execute(
            "SELECT id FROM codings WHERE code_id = ? AND document_id = ? AND coder_id = ? "
            "AND kind = 'text' AND char_start = ? AND char_end = ?",
            [code_id, doc, coder, start, end],
        ).fetchone()
    if twin:
        conn.execute(
            "UPDATE memos SET target_id = ? WHERE target_kind = 'coding' AND target_id = ?",
            [twin[0], coding_id],
        )
        conn.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        changelog.log(
            project,
            coder_id,
            "delete",
            "coding",
            coding_id,
            "joined an identical coding",
            {"into": twin[0]},
            at=now,
        )
    else:
        conn.execute(
            "UPDATE codings SET code_id = ?, modified_at = ? WHERE id = ?",
            [code_id, now, coding_id],
        )


def delete_code(
    project: Project, code_id: CodeId, keep_codings: bool, coder_id: CoderId | None
) -> Snapshot:
    """Delete a code and its sub-codes. With ``keep_codings`` their codings move to the
    deleted code's parent (which must exist); otherwise they are deleted too."""
    with project.write():
        tree = codes.code_tree(project)
        if code_id not in tree.parent:
            raise NotFoundError(f"no code with id {code_id}")
        parent = tree.parent[code_id]
        if keep_codings and parent is None:
            raise InvalidInputError("a top-level code has no parent to keep its codings")
        subtree = [code_id, *tree.descendants(code_id)]
        marks = ",".join("?" * len(subtree))
        conn = project.conn
        coding_ids = [
            r[0]
            for r in conn.execute(f"SELECT id FROM codings WHERE code_id IN ({marks})", subtree)
        ]
        snap = snapshot(project, subtree, coding_ids)
        now = utc_now()
        if keep_codings:
            assert parent is not None
            for cid in coding_ids:
                _repoint(project, cid, parent, coder_id, now)
        else:
            for cid in coding_ids:
                conn.execute("DELETE FROM codings WHERE id = ?", [cid])
            changelog.log_many(
                project,
                [(coder_id, "delete", "coding", cid, "code deleted") for cid in coding_ids],
                at=now,
            )
        for c in reversed(subtree):  # children before parents
            conn.execute("DELETE FROM codes WHERE id = ?", [c])
            changelog.log(
                project, coder_id, "delete", "code", c, f"code '{tree.name[c]}' deleted", at=now
            )
    return snap


# -- memos --------------------------------------------------------------------------


def delete_memos(project: Project, memo_ids: list[str], coder_id: CoderId | None) -> Snapshot:
    """Delete memos; the snapshot restores them."""
    with project.write():
        rows = _rows(project, "memos", _MEMO_COLS, "id", memo_ids)
        for row in rows:
            project.conn.execute("DELETE FROM memos WHERE id = ?", [row[0]])
            changelog.log(project, coder_id, "delete", "memo", row[0], "memo deleted")
    return Snapshot(memos=tuple(rows))


def edit_memo(project: Project, memo_id: str, text: str, coder_id: CoderId | None) -> Snapshot:
    """Replace a memo's text."""
    if not text.strip():
        raise InvalidInputError("the memo is empty")
    with project.write():
        rows = _rows(project, "memos", _MEMO_COLS, "id", [memo_id])
        if not rows:
            raise NotFoundError(f"no memo with id {memo_id}")
        now = utc_now()
        project.conn.execute(
            "UPDATE memos SET text = ?, modified_at = ? WHERE id = ?", [text, now, memo_id]
        )
        changelog.log(project, coder_id, "update", "memo", memo_id, "memo edited", at=now)
    return Snapshot(memos=tuple(rows))
