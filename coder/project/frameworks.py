"""Frameworks as stored: frameworks, their categories, and the codes mapped to them."""

from __future__ import annotations

from dataclasses import dataclass

from coder.ids import CategoryId, CodeId, FrameworkId
from coder.project.records import FrameworkMapping
from coder.project.store import Project
from coder.project.table import Table


@dataclass(frozen=True, slots=True)
class FrameworkRow:
    id: FrameworkId
    name: str
    citation: str
    status: str
    description: str
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: CategoryId
    framework_id: FrameworkId
    name: str
    description: str
    position: int


FRAMEWORKS = Table(
    "frameworks",
    "framework",
    FrameworkRow,
    ("id", "name", "citation", "status", "description", "created_at", "modified_at"),
    rank=0,
)
CATEGORIES = Table(
    "framework_categories",
    "framework_category",
    CategoryRow,
    ("id", "framework_id", "name", "description", "position"),
    rank=10,
)
MAPPINGS = Table(
    "framework_mappings",
    "framework_mapping",
    FrameworkMapping,
    ("category_id", "code_id"),
    key=("category_id", "code_id"),
    rank=20,
)


@dataclass(frozen=True, slots=True)
class Category:
    id: CategoryId
    framework_id: FrameworkId
    name: str
    description: str
    position: int
    codes: tuple[CodeId, ...]


@dataclass(frozen=True, slots=True)
class Framework:
    id: FrameworkId
    name: str
    citation: str
    status: str
    description: str
    categories: tuple[Category, ...]


def list_frameworks(project: Project) -> list[Framework]:
    """Every framework with its categories (in order) and their mapped codes."""
    mapped: dict[str, list[CodeId]] = {}
    for category_id, code_id in project.conn.execute(
        "SELECT category_id, code_id FROM framework_mappings ORDER BY rowid"
    ):
        mapped.setdefault(category_id, []).append(CodeId(code_id))
    categories: dict[str, list[Category]] = {}
    for cid, fid, name, description, position in project.conn.execute(
        "SELECT id, framework_id, name, description, position FROM framework_categories "
        "ORDER BY position, rowid"
    ):
        categories.setdefault(fid, []).append(
            Category(
                CategoryId(cid),
                FrameworkId(fid),
                name,
                description,
                position,
                tuple(mapped.get(cid, ())),
            )
        )
    return [
        Framework(FrameworkId(r[0]), r[1], r[2], r[3], r[4], tuple(categories.get(r[0], ())))
        for r in project.conn.execute(
            "SELECT id, name, citation, status, description FROM frameworks ORDER BY name, rowid"
        )
    ]


def find_framework(project: Project, name_or_id: str) -> Framework | None:
    wanted = name_or_id.strip().casefold()
    return next(
        (f for f in list_frameworks(project) if f.id == name_or_id or f.name.casefold() == wanted),
        None,
    )


def replace_framework(project: Project, framework: Framework, at: str) -> None:
    """Write a framework, replacing its categories and mapping. Call inside ``write()``."""
    conn = project.conn
    conn.execute(
        "INSERT INTO frameworks (id, name, citation, status, description, created_at, "
        "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "name = excluded.name, citation = excluded.citation, status = excluded.status, "
        "description = excluded.description, modified_at = excluded.modified_at",
        [
            framework.id,
            framework.name,
            framework.citation,
            framework.status,
            framework.description,
            at,
            at,
        ],
    )
    conn.execute("DELETE FROM framework_categories WHERE framework_id = ?", [framework.id])
    for i, c in enumerate(framework.categories):
        conn.execute(
            "INSERT INTO framework_categories (id, framework_id, name, description, position) "
            "VALUES (?, ?, ?, ?, ?)",
            [c.id, framework.id, c.name, c.description, i],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO framework_mappings (category_id, code_id) VALUES (?, ?)",
            [(c.id, code) for code in c.codes],
        )


def delete_framework(project: Project, framework_id: str) -> None:
    """Call inside ``write()``."""
    project.conn.execute("DELETE FROM frameworks WHERE id = ?", [framework_id])
