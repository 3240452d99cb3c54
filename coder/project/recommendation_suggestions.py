"""Detection's side of the recommendations register: the open suggestions
(``recommendation_suggestions``, replaced each time a document is detected again) and the
rejected ones (``recommendation_rejections``, whose ranges are never suggested again).
Reads return frozen records; writes run inside the caller's ``write()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coder.project.recommendations import Addressee, addressees_from_json, addressees_to_json
from coder.project.store import Project
from coder.project.table import Table

_SUGGESTION_COLUMNS = (
    "id, document_id, char_start, char_end, page, label, text, addressees, scope, owner, "
    "timescale, outcome, origin, detected_at"
)
_REJECTION_COLUMNS = "id, document_id, char_start, char_end, label, text, coder_id, created_at"
_ADDRESSEES_AT = 7  # the JSON column of a suggestion's row


@dataclass(frozen=True)
class Suggestion:
    """What detection found and nobody has accepted or rejected yet."""

    id: str
    document_id: str
    char_start: int
    char_end: int
    page: int
    label: str
    text: str
    addressees: tuple[Addressee, ...]
    scope: str
    owner: str
    timescale: str
    outcome: str
    origin: str  # list, pattern or table
    detected_at: str


@dataclass(frozen=True, slots=True)
class Rejection:
    id: str
    document_id: str
    char_start: int
    char_end: int
    label: str
    text: str
    coder_id: str | None
    created_at: str


def _row(s: Suggestion) -> tuple:
    values = [getattr(s, c) for c in SUGGESTIONS.columns]
    values[_ADDRESSEES_AT] = addressees_to_json(s.addressees)
    return tuple(values)


def _suggestion(row: Sequence) -> Suggestion:
    values = list(row)
    values[_ADDRESSEES_AT] = addressees_from_json(values[_ADDRESSEES_AT])
    return Suggestion(*values)


SUGGESTIONS: Table[Suggestion] = Table(
    "recommendation_suggestions",
    "recommendation_suggestion",
    Suggestion,
    tuple(_SUGGESTION_COLUMNS.split(", ")),
    rank=30,
    encode=_row,
    decode=_suggestion,
)
REJECTIONS: Table[Rejection] = Table(
    "recommendation_rejections",
    "recommendation_rejection",
    Rejection,
    tuple(_REJECTION_COLUMNS.split(", ")),
    rank=30,
)


# -- reading ---------------------------------------------------------------------------------


def list_suggestions(project: Project, document_id: str | None = None) -> list[Suggestion]:
    """Open suggestions (of one document, or all) by document title, then text order."""
    where, params = ("WHERE s.document_id = ?", [document_id]) if document_id else ("", [])
    cols = ", ".join("s." + c for c in SUGGESTIONS.columns)
    rows = project.conn.execute(
        f"SELECT {cols} FROM recommendation_suggestions s "
        f"JOIN documents d ON d.id = s.document_id {where} "
        "ORDER BY d.title COLLATE NOCASE, d.rowid, s.char_start, s.rowid",
        params,
    )
    return [_suggestion(r) for r in rows]


def get_suggestion(project: Project, suggestion_id: str) -> Suggestion | None:
    found = SUGGESTIONS.by_keys(project, [(suggestion_id,)])
    return found[0] if found else None


def suggestion_ids(project: Project, document_id: str) -> list[str]:
    rows = project.conn.execute(
        "SELECT id FROM recommendation_suggestions WHERE document_id = ? ORDER BY rowid",
        [document_id],
    )
    return [r[0] for r in rows]


def rejected_ranges(project: Project, document_id: str) -> set[tuple[int, int]]:
    rows = project.conn.execute(
        "SELECT char_start, char_end FROM recommendation_rejections WHERE document_id = ?",
        [document_id],
    )
    return {(a, b) for a, b in rows}


def list_rejections(project: Project) -> list[Rejection]:
    rows = project.conn.execute(
        f"SELECT {_REJECTION_COLUMNS} FROM recommendation_rejections ORDER BY created_at, rowid"
    )
    return [Rejection(*r) for r in rows]


def suggestion_counts(project: Project) -> dict[str, int]:
    """Document id -> open suggestions."""
    rows = project.conn.execute(
        "SELECT document_id, count(*) FROM recommendation_suggestions GROUP BY document_id"
    )
    return dict(rows)


# -- writing ---------------------------------------------------------------------------------


def insert_suggestions(project: Project, suggestions: Iterable[Suggestion]) -> None:
    SUGGESTIONS.insert(project, suggestions)


def delete_suggestions(project: Project, ids: Sequence[str]) -> None:
    SUGGESTIONS.delete(project, [(i,) for i in ids])


def insert_rejection(project: Project, r: Rejection) -> None:
    """Remember a rejected range (a range rejected already stays as it was)."""
    project.conn.execute(
        f"INSERT INTO recommendation_rejections ({_REJECTION_COLUMNS}) "
        f"VALUES ({', '.join('?' * len(REJECTIONS.columns))}) "
        "ON CONFLICT (document_id, char_start, char_end) DO NOTHING",
        REJECTIONS.row(r),
    )
