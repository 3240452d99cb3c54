"""Edits to codings, codes and memos: each one transaction, each returning an ``Edit``.

An edit holds the rows it touched as they were and as they became (``coder.project.edit``),
so undo puts ``before`` back and redo ``after``, with the same UUIDs: an undone deletion
is the same coding, not a look-alike. A deletion's ``before`` includes the rows the
deletion takes with it (memos, explains links, flags, case-data passages).
"""

from __future__ import annotations

from coder.coding.operations import check_effect
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CodeId, CoderId
from coder.project import changelog, codes, codings, memos
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

# -- codings ----------------------------------------------------------------------


def delete_codings(project: Project, coding_ids: list[str], coder_id: CoderId | None) -> Edit:
    """Delete codings (with their memos and links). Codings already gone are skipped."""
    with project.write():
        record = Recorder(project)
        gone = record.read(codings.TABLE, coding_ids, dependents=True)
        codings.TABLE.delete(project, [(c.id,) for c in gone])
        now = utc_now()
        changelog.log_detailed(
            project,
            [
                (
                    coder_id,
                    "delete",
                    "coding",
                    c.id,
                    f"deleted coding p.{c.page_start}",
                    {"code_id": c.code_id},
                )
                for c in gone
            ],
            at=now,
        )
        return record.edit()


def set_effect(
    project: Project, coding_ids: list[str], effect: str | None, coder_id: CoderId | None
) -> Edit:
    """Set the effect (supports / hinders / None) of codings."""
    effect = check_effect(effect)
    with project.write():
        record = Recorder(project)
        before = record.read(codings.TABLE, coding_ids)
        now = utc_now()
        codings.set_field(project, [c.id for c in before], "effect", effect, now)
        changelog.log_detailed(
            project,
            [
                (
                    coder_id,
                    "update",
                    "coding",
                    c.id,
                    f"effect: {effect or 'none'}",
                    {"effect": effect},
                )
                for c in before
            ],
            at=now,
        )
        return record.edit()


# -- codes --------------------------------------------------------------------------


def add_code(
    project: Project,
    name: str,
    parent_id: CodeId | None,
    coder_id: CoderId | None,
    colour: str | None = None,
    description: str = "",
    code_id: CodeId | None = None,
) -> Edit:
    """Create a code; ``edit.created("code")`` names it."""
    with project.write():
        code = codes.create_code(
            project, name, parent_id, coder_id, colour, description, code_id=code_id
        )
        record = Recorder(project)
        record.created(codes.TABLE, [code.id])
        return record.edit()


def update_code(project: Project, code_id: CodeId, coder_id: CoderId | None, **fields: str) -> Edit:
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
        record = Recorder(project)
        found = record.read(codes.TABLE, [code_id])
        if not found:
            raise NotFoundError(f"no code with id {code_id}")
        code = found[0]
        if "name" in fields and fields["name"] != code.name:
            codes.check_sibling_name(project, fields["name"], code.parent_id, code_id)
        now = utc_now()
        codes.update_fields(project, code_id, fields, now)
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
        return record.edit()


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
) -> Edit:
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
        codes.check_sibling_name(project, name, parent_id, code_id)
        siblings = [c for c in tree.children.get(parent_id, []) if c != code_id]
        old_siblings = tree.children.get(tree.parent[code_id], [])
        record = Recorder(project)
        before = record.read(codes.TABLE, [code_id, *siblings, *old_siblings])
        position_of = {c.id: c.position for c in before}
        ordered = sorted(siblings, key=lambda c: position_of[c])
        position = max(0, min(position, len(ordered)))
        ordered.insert(position, code_id)
        now = utc_now()
        codes.set_parent(project, [code_id], parent_id, now)
        codes.set_positions(project, ordered)
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
        return record.edit()


def merge_code(project: Project, source: CodeId, target: CodeId, coder_id: CoderId | None) -> Edit:
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
        target_names = {tree.name[c] for c in tree.children.get(target, [])}
        for child in children:
            if tree.name[child] in target_names:
                raise InvalidInputError(
                    f"both codes have a sub-code named '{tree.name[child]}'; merge those first"
                )
        coding_ids = codings.ids_of_codes(project, [source])
        record = Recorder(project)
        record.read(codes.TABLE, [source, *children], dependents=True)
        record.read(codings.TABLE, coding_ids, dependents=True)
        now = utc_now()
        codes.set_parent(project, children, target, now)
        for cid in coding_ids:
            _repoint(project, cid, target, coder_id, now)
        memos.retarget(project, "code", source, target)
        codes.TABLE.delete(project, [(source,)])
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
        return record.edit()


def _repoint(
    project: Project, coding_id: str, code_id: str, coder_id: CoderId | None, now: str
) -> None:
    """Move a coding to another code; where that code already has the same coding (same
    document, coder and range), drop this one and move its memos to the twin."""
    coding = codings.get_coding(project, coding_id)
    assert coding is not None
    twin = codings.twin_on(project, coding, code_id)
    if twin:
        memos.retarget(project, "coding", coding_id, twin)
        codings.TABLE.delete(project, [(coding_id,)])
        changelog.log(
            project,
            coder_id,
            "delete",
            "coding",
            coding_id,
            "joined an identical coding",
            {"into": twin},
            at=now,
        )
    else:
        codings.set_field(project, [coding_id], "code_id", code_id, now)


def delete_code(
    project: Project, code_id: CodeId, keep_codings: bool, coder_id: CoderId | None
) -> Edit:
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
        coding_ids = codings.ids_of_codes(project, subtree)
        record = Recorder(project)
        record.read(codes.TABLE, subtree, dependents=True)
        record.read(codings.TABLE, coding_ids, dependents=True)
        now = utc_now()
        if keep_codings:
            assert parent is not None
            for cid in coding_ids:
                _repoint(project, cid, parent, coder_id, now)
        else:
            codings.TABLE.delete(project, [(cid,) for cid in coding_ids])
            changelog.log_many(
                project,
                [(coder_id, "delete", "coding", cid, "code deleted") for cid in coding_ids],
                at=now,
            )
        codes.TABLE.delete(project, [(c,) for c in reversed(subtree)])  # children first
        changelog.log_many(
            project,
            [
                (coder_id, "delete", "code", c, f"code '{tree.name[c]}' deleted")
                for c in reversed(subtree)
            ],
            at=now,
        )
        return record.edit()


# -- memos --------------------------------------------------------------------------


def delete_memos(project: Project, memo_ids: list[str], coder_id: CoderId | None) -> Edit:
    """Delete memos (those already gone are skipped)."""
    with project.write():
        record = Recorder(project)
        gone = record.read(memos.TABLE, memo_ids)
        memos.TABLE.delete(project, [(m.id,) for m in gone])
        changelog.log_many(
            project, [(coder_id, "delete", "memo", m.id, "memo deleted") for m in gone]
        )
        return record.edit()


def edit_memo(project: Project, memo_id: str, text: str, coder_id: CoderId | None) -> Edit:
    """Replace a memo's text."""
    if not text.strip():
        raise InvalidInputError("the memo is empty")
    with project.write():
        record = Recorder(project)
        if not record.read(memos.TABLE, [memo_id]):
            raise NotFoundError(f"no memo with id {memo_id}")
        now = utc_now()
        memos.set_text(project, memo_id, text, now)
        changelog.log(project, coder_id, "update", "memo", memo_id, "memo edited", at=now)
        return record.edit()
