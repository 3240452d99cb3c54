"""The codebook as stored: codes with UUID, parent, name, colour, description, position."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from coder.codebook.paths import split_path
from coder.codebook.tree import PALETTE, CodeTree
from coder.errors import InvalidInputError
from coder.ids import CodeId, CoderId, new_id
from coder.project import changelog
from coder.project.clock import utc_now
from coder.project.records import Code
from coder.project.store import Project
from coder.project.table import Table

DEFINITION_COLUMNS = ("description", "when_to_use", "when_not_to_use", "example")
COLUMNS = (
    "id",
    "parent_id",
    "name",
    "colour",
    "description",
    "position",
    "codable",
    "when_to_use",
    "when_not_to_use",
    "example",
    "takes_judgement",
    "takes_effect",
    "created_at",
    "modified_at",
)
_COLS = ", ".join(COLUMNS)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _code(row: tuple) -> Code:
    return Code(
        CodeId(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        bool(row[6]),
        row[7],
        row[8],
        row[9],
        _flag(row[10]),
        _flag(row[11]),
        row[12],
        row[13],
    )


def _int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _row(c: Code) -> tuple:
    return (
        c.id,
        c.parent_id,
        c.name,
        c.colour,
        c.description,
        c.position,
        int(c.codable),
        c.when_to_use,
        c.when_not_to_use,
        c.example,
        _int(c.takes_judgement),
        _int(c.takes_effect),
        c.created_at,
        c.modified_at,
    )


TABLE = Table("codes", "code", Code, COLUMNS, rank=0, encode=_row, decode=_code)


def list_codes(project: Project) -> list[Code]:
    rows = project.conn.execute(f"SELECT {_COLS} FROM codes ORDER BY position, name")
    return [_code(r) for r in rows]


def get_code(project: Project, code_id: str) -> Code | None:
    row = project.conn.execute(f"SELECT {_COLS} FROM codes WHERE id = ?", [code_id]).fetchone()
    return _code(row) if row else None


def code_tree(project: Project) -> CodeTree:
    return CodeTree(project.conn.execute("SELECT id, parent_id, name FROM codes"))


def find_by_path(project: Project, path: str) -> CodeId | None:
    found = code_tree(project).find(split_path(path))
    return CodeId(found) if found else None


def create_code(
    project: Project,
    name: str,
    parent_id: CodeId | None,
    coder_id: CoderId | None,
    colour: str | None = None,
    description: str = "",
    code_id: CodeId | None = None,
) -> Code:
    """Add a code at the end of its siblings. Call inside ``write()``."""
    name = name.strip()
    if not name:
        raise InvalidInputError("a code needs a name")
    conn = project.conn
    check_sibling_name(project, name, parent_id)
    count = conn.execute("SELECT count(*) FROM codes").fetchone()[0]
    position = conn.execute(
        "SELECT ifnull(max(position) + 1, 0) FROM codes "
        "WHERE ifnull(parent_id, '') = ifnull(?, '')",
        [parent_id],
    ).fetchone()[0]
    now = utc_now()
    code = Code(
        code_id or CodeId(new_id()),
        parent_id,
        name,
        colour or PALETTE[count % len(PALETTE)],
        description,
        position,
        True,
        created_at=now,
        modified_at=now,
    )
    conn.execute(
        "INSERT INTO codes (id, parent_id, name, colour, description, position, codable, "
        "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        [code.id, parent_id, name, code.colour, description, position, now, now],
    )
    changelog.log(
        project,
        coder_id,
        "create",
        "code",
        code.id,
        f"code '{name}' created",
        {"parent_id": parent_id, "name": name},
        at=now,
    )
    return code


def sibling_key(parent_id: str | None, name: str) -> tuple[str, str]:
    """The one sibling-name rule as a key: two codes clash when their keys are equal, that
    is, they share a parent and their names are equal exactly (case matters, as the
    ``codes_sibling_name`` index compares). For codes not stored yet (a merge's plan);
    ``check_sibling_name`` asks the same of the stored codes."""
    return (parent_id or "", name)


def check_sibling_name(
    project: Project, name: str, parent_id: str | None, code_id: str | None = None
) -> None:
    """The one sibling-name rule (``sibling_key``) against the stored codes. ``code_id`` is
    the code being renamed or moved. Raises InvalidInputError."""
    clash = project.conn.execute(
        "SELECT 1 FROM codes WHERE ifnull(parent_id, '') = ifnull(?, '') AND name = ? "
        "AND id IS NOT ?",
        [parent_id, name, code_id],
    ).fetchone()
    if clash:
        raise InvalidInputError(f"a code named '{name}' already exists there")


def numbered_name(name: str, taken: Callable[[str], bool]) -> str:
    """``name``, else ``name (2)``, ``name (3)``, ...: the first that is not ``taken``."""
    candidate, n = name, 2
    while taken(candidate):
        candidate = f"{name} ({n})"
        n += 1
    return candidate


def update_fields(project: Project, code_id: str, values: dict[str, str], now: str) -> None:
    """Set text columns of a code (the caller checked their names). Call inside ``write()``."""
    allowed = {"name", "colour", *DEFINITION_COLUMNS}
    if set(values) - allowed:
        raise ValueError(f"not editable columns: {sorted(set(values) - allowed)}")
    sets = ", ".join(f"{column} = ?" for column in values)
    project.conn.execute(
        f"UPDATE codes SET {sets}, modified_at = ? WHERE id = ?", [*values.values(), now, code_id]
    )


def set_parent(project: Project, code_ids: list[str], parent_id: str | None, now: str) -> None:
    """Move codes under ``parent_id`` (positions unchanged). Call inside ``write()``."""
    project.conn.executemany(
        "UPDATE codes SET parent_id = ?, modified_at = ? WHERE id = ?",
        [(parent_id, now, c) for c in code_ids],
    )


def set_positions(project: Project, ordered: list[str]) -> None:
    """Number codes 0, 1, ... in this order. Call inside ``write()``."""
    project.conn.executemany(
        "UPDATE codes SET position = ? WHERE id = ?", [(i, c) for i, c in enumerate(ordered)]
    )


def add_codes(project: Project, new: list[Code], coder_id: CoderId | None, now: str) -> None:
    """Insert codes in one statement, each logged as ``create_code`` logs it. Parents come
    before their children in ``new``; the caller has checked names and positions (the
    codebook loader, which builds its tree once). Call inside ``write()``."""
    project.conn.executemany(
        "INSERT INTO codes (id, parent_id, name, colour, description, position, codable, "
        "when_to_use, when_not_to_use, example, created_at, modified_at, takes_judgement, "
        "takes_effect) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.id,
                c.parent_id,
                c.name,
                c.colour,
                c.description,
                c.position,
                int(c.codable),
                c.when_to_use,
                c.when_not_to_use,
                c.example,
                now,
                now,
                None if c.takes_judgement is None else int(c.takes_judgement),
                None if c.takes_effect is None else int(c.takes_effect),
            )
            for c in new
        ],
    )
    changelog.log_detailed(
        project,
        [
            (
                coder_id,
                "create",
                "code",
                c.id,
                f"code '{c.name}' created",
                {"parent_id": c.parent_id, "name": c.name},
            )
            for c in new
        ],
        at=now,
    )


def fill_definitions(
    project: Project, code: Code, values: dict[str, str], coder_id: CoderId | None, now: str
) -> None:
    """Set definition columns (``description``, ``when_to_use``, ``when_not_to_use``,
    ``example``) of one code and log it. Call inside ``write()``."""
    unknown = set(values) - set(DEFINITION_COLUMNS)
    if unknown:
        raise ValueError(f"not definition columns: {sorted(unknown)}")
    sets = ", ".join(f"{column} = ?" for column in values)
    project.conn.execute(
        f"UPDATE codes SET {sets}, modified_at = ? WHERE id = ?", [*values.values(), now, code.id]
    )
    changelog.log(
        project,
        coder_id,
        "update",
        "code",
        code.id,
        f"definitions of '{code.name}' filled in from a codebook",
        values,
        at=now,
    )


def nearest_paths(project: Project, path: str, n: int = 3) -> list[str]:
    """Up to ``n`` existing code paths closest to ``path`` (by difflib's ratio, ignoring
    case), best first, for "did you mean" messages."""
    tree = code_tree(project)
    paths = sorted(tree.path(code_id) for code_id in tree.parent)
    by_folded: dict[str, str] = {}
    for p in paths:
        by_folded.setdefault(p.casefold(), p)
    close = difflib.get_close_matches(path.casefold(), list(by_folded), n=n, cutoff=0.5)
    return [by_folded[c] for c in close]


def ensure_path(project: Project, path: str, coder_id: CoderId | None) -> CodeId:
    """The code at ``Parent/Child``, creating missing codes on the way. Call inside ``write()``."""
    names = split_path(path)
    tree = code_tree(project)
    parent: CodeId | None = None
    for depth, name in enumerate(names):
        found = tree.find(names[: depth + 1])
        if found is None:
            parent = create_code(project, name, parent, coder_id).id
            tree = code_tree(project)
        else:
            parent = CodeId(found)
    assert parent is not None
    return parent


def coding_counts(project: Project) -> dict[CodeId, int]:
    """Codings per code (applied to the code itself, not its sub-codes)."""
    rows = project.conn.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id")
    return {CodeId(c): n for c, n in rows}


def shown_tree(all_codes: list[Code]) -> CodeTree:
    """The tree a codebook view shows: siblings in the order of ``all_codes`` (as
    ``list_codes`` reads them: by position, then name), and a code whose parent is missing
    (a damaged file) at the top level rather than out of sight."""
    known = {c.id for c in all_codes}
    return CodeTree(
        (c.id, c.parent_id if c.parent_id in known else None, c.name) for c in all_codes
    )


def free_sibling_name(project: Project, name: str, parent_id: str | None) -> str:
    """``name``, else ``name (2)``, ``name (3)``, ...: the first that the sibling-name rule
    (``check_sibling_name``) allows under ``parent_id``. For imports, which keep a clashing
    code under a new name rather than refuse the file."""

    def taken(candidate: str) -> bool:
        try:
            check_sibling_name(project, candidate, parent_id)
        except InvalidInputError:
            return True
        return False

    return numbered_name(name, taken)
