"""Coders: the people who code, by UUID and name."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import InvalidInputError
from coder.ids import CoderId, new_id
from coder.project import changelog
from coder.project.clock import utc_now
from coder.project.records import Coder
from coder.project.store import Project
from coder.project.table import Table


def list_coders(project: Project) -> list[Coder]:
    rows = project.conn.execute("SELECT id, name FROM coders ORDER BY name")
    return [Coder(CoderId(i), n) for i, n in rows]


def find_coder(project: Project, name: str) -> Coder | None:
    row = project.conn.execute("SELECT id, name FROM coders WHERE name = ?", [name]).fetchone()
    return Coder(CoderId(row[0]), row[1]) if row else None


def ensure_coder(project: Project, name: str) -> Coder:
    """The coder with this name, created (and logged) if new. Call inside ``write()``."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("a coder needs a name")
    found = find_coder(project, name)
    if found:
        return found
    coder = Coder(CoderId(new_id()), name)
    add_coder(project, coder, utc_now())
    return coder


def names(project: Project) -> dict[CoderId, str]:
    """Every coder's name by id."""
    return {CoderId(i): n for i, n in project.conn.execute("SELECT id, name FROM coders")}


def names_who_coded(project: Project) -> set[str]:
    """The names of the coders with at least one coding."""
    rows = project.conn.execute(
        "SELECT DISTINCT c.name FROM codings x JOIN coders c ON c.id = x.coder_id"
    )
    return {r[0] for r in rows}


def add_coder(project: Project, coder: Coder, now: str) -> None:
    """Insert a coder (id and name as given, the name not taken yet) and log it, as
    ``ensure_coder`` does for a new name. Call inside ``write()``."""
    project.conn.execute(
        "INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)", [coder.id, coder.name, now]
    )
    changelog.log(
        project, coder.id, "create", "coder", coder.id, f"coder '{coder.name}' added", at=now
    )


@dataclass(frozen=True, slots=True)
class CoderRow:
    """A coders row whole, as an ``Edit`` records it."""

    id: str
    name: str
    created_at: str


#: written before the rows that name a coder, deleted after them
TABLE = Table("coders", "coder", CoderRow, ("id", "name", "created_at"), rank=-10)
