"""Themed practice briefings as stored (``briefings``, ``briefing_themes``,
``briefing_stars``): the researcher's choices and text only; every number is computed when
the briefing is written. Reads return records; writes run inside the caller's ``write()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.project.store import Project
from coder.project.table import Key, Table


@dataclass(frozen=True, slots=True)
class Theme:
    """A code (with its sub-codes) or a framework's category, with the researcher's text."""

    id: str
    code_id: str | None
    framework: str | None
    category: str | None
    considerations: str = ""  # one consideration for police per line
    questions: str = ""  # one reflective question per line
    stars: tuple[str, ...] = ()  # coding ids, in the order starred


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str
    name: str
    title: str
    audience: str
    method: str
    created_at: str
    modified_at: str
    themes: tuple[Theme, ...] = ()


# -- the rows, as an Edit (coder.project.edit) records them ---------------------------------


@dataclass(frozen=True, slots=True)
class BriefingRow:
    id: str
    name: str
    title: str
    audience: str
    method: str
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class ThemeRow:
    id: str
    briefing_id: str
    position: int
    code_id: str | None
    framework: str | None
    category: str | None
    considerations: str
    questions: str


@dataclass(frozen=True, slots=True)
class StarRow:
    theme_id: str
    coding_id: str
    position: int


BRIEFINGS = Table("briefings", "briefing", BriefingRow, tuple(BriefingRow.__slots__), rank=30)
THEMES = Table("briefing_themes", "briefing_theme", ThemeRow, tuple(ThemeRow.__slots__), rank=40)
STARS = Table(
    "briefing_stars",
    "briefing_star",
    StarRow,
    tuple(StarRow.__slots__),
    key=("theme_id", "coding_id"),
    rank=50,
)


def row_keys(briefing: Briefing) -> tuple[list[Key], list[Key], list[Key]]:
    """The keys of a briefing's rows: (briefing, themes, stars)."""
    return (
        [(briefing.id,)],
        [(t.id,) for t in briefing.themes],
        [(t.id, c) for t in briefing.themes for c in t.stars],
    )


def list_briefings(project: Project) -> list[Briefing]:
    """Every briefing with its themes (in order) and their starred codings."""
    stars: dict[str, list[str]] = {}
    for theme_id, coding_id in project.conn.execute(
        "SELECT theme_id, coding_id FROM briefing_stars ORDER BY position, rowid"
    ):
        stars.setdefault(theme_id, []).append(coding_id)
    themes: dict[str, list[Theme]] = {}
    for tid, bid, code, framework, category, considerations, questions in project.conn.execute(
        "SELECT id, briefing_id, code_id, framework, category, considerations, questions "
        "FROM briefing_themes ORDER BY position, rowid"
    ):
        themes.setdefault(bid, []).append(
            Theme(
                tid,
                code,
                framework,
                category,
                considerations,
                questions,
                tuple(stars.get(tid, ())),
            )
        )
    return [
        Briefing(bid, name, title, audience, method, made, modified, tuple(themes.get(bid, ())))
        for bid, name, title, audience, method, made, modified in project.conn.execute(
            "SELECT id, name, title, audience, method, created_at, modified_at FROM briefings "
            "ORDER BY name COLLATE NOCASE, rowid"
        )
    ]


def find_briefing(project: Project, name_or_id: str) -> Briefing | None:
    wanted = name_or_id.strip().casefold()
    return next(
        (b for b in list_briefings(project) if b.id == name_or_id or b.name.casefold() == wanted),
        None,
    )


def get_briefing(project: Project, briefing_id: str) -> Briefing | None:
    return next((b for b in list_briefings(project) if b.id == briefing_id), None)


def put_briefing(project: Project, briefing_id: str, briefing: Briefing | None) -> None:
    """Make the stored briefing exactly ``briefing`` (None: absent), themes and stars too.
    Undo and redo put back a whole briefing this way."""
    conn = project.conn
    conn.execute("DELETE FROM briefings WHERE id = ?", [briefing_id])
    if briefing is None:
        return
    conn.execute(
        "INSERT INTO briefings (id, name, title, audience, method, created_at, modified_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            briefing.id,
            briefing.name,
            briefing.title,
            briefing.audience,
            briefing.method,
            briefing.created_at,
            briefing.modified_at,
        ],
    )
    for position, theme in enumerate(briefing.themes):
        conn.execute(
            "INSERT INTO briefing_themes (id, briefing_id, position, code_id, framework, "
            "category, considerations, questions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                theme.id,
                briefing.id,
                position,
                theme.code_id,
                theme.framework,
                theme.category,
                theme.considerations,
                theme.questions,
            ],
        )
        conn.executemany(
            "INSERT INTO briefing_stars (theme_id, coding_id, position) VALUES (?, ?, ?)",
            [(theme.id, coding, i) for i, coding in enumerate(theme.stars)],
        )


def code_exists(project: Project, code_id: str) -> bool:
    return (
        project.conn.execute("SELECT 1 FROM codes WHERE id = ?", [code_id]).fetchone() is not None
    )
