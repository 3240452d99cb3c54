"""The recommendations register's tables: records (``recommendations``) with their
addressees, linked codes and codings, status entries, detection's open suggestions and the
rejected ones. Reads return frozen records; writes run inside the caller's ``write()``.

Every row has a UUID (or hangs off one), so teamwork merge and undo carry them unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from coder.project.store import Project

STATUSES = (
    "not known",
    "accepted",
    "rejected",
    "in progress",
    "implemented",
    "impact evidenced",
)
SOURCE_KINDS = ("url", "document", "correspondence")
ADDRESSEE_KINDS = ("force", "police", "national body", "agency")
SCOPES = ("local", "national")
ORIGINS = ("typed", "list", "pattern", "table")

_REC_COLUMNS = (
    "id, review_id, label, text, document_id, char_start, char_end, page, scope, owner, "
    "timescale, outcome, origin, cluster_id, coder_id, created_at, modified_at"
)
_STATUS_COLUMNS = (
    "id, recommendation_id, status, date, source_kind, source, note, recorded_by, created_at"
)
_SUGGESTION_COLUMNS = (
    "id, document_id, char_start, char_end, page, label, text, addressees, scope, owner, "
    "timescale, outcome, origin, detected_at"
)
_REJECTION_COLUMNS = "id, document_id, char_start, char_end, label, text, coder_id, created_at"


@dataclass(frozen=True, slots=True)
class Addressee:
    """``kind`` is one of ADDRESSEE_KINDS; ``name`` is '' for the police generally."""

    kind: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or ("police (generally)" if self.kind == "police" else self.kind)


@dataclass(frozen=True, slots=True)
class StatusEntry:
    id: str
    recommendation_id: str
    status: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    source_kind: str  # url, document (source is its id) or correspondence
    source: str
    note: str
    recorded_by: str | None
    created_at: str


@dataclass(frozen=True)
class Recommendation:
    id: str
    review_id: str
    label: str
    text: str
    document_id: str | None
    char_start: int | None
    char_end: int | None
    page: int | None
    scope: str
    owner: str
    timescale: str
    outcome: str
    origin: str
    cluster_id: str | None
    coder_id: str | None
    created_at: str
    modified_at: str
    addressees: tuple[Addressee, ...] = ()
    code_ids: tuple[str, ...] = ()
    coding_ids: tuple[str, ...] = ()
    statuses: tuple[StatusEntry, ...] = ()  # oldest first: the last is the current one

    @property
    def status(self) -> str:
        return self.statuses[-1].status if self.statuses else "not known"


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


@dataclass(frozen=True)
class RegisterRows:
    """The rows of some recommendations, suggestions and rejections as they were: what undo
    and redo put back. Ids listed with no row did not exist."""

    rec_ids: tuple[str, ...] = ()
    suggestion_ids: tuple[str, ...] = ()
    rejection_ids: tuple[str, ...] = ()
    recs: tuple[tuple[Any, ...], ...] = ()
    addressees: tuple[tuple[Any, ...], ...] = ()
    codes: tuple[tuple[Any, ...], ...] = ()
    codings: tuple[tuple[Any, ...], ...] = ()
    statuses: tuple[tuple[Any, ...], ...] = ()
    suggestions: tuple[tuple[Any, ...], ...] = ()
    rejections: tuple[tuple[Any, ...], ...] = ()


def addressees_to_json(addressees: Sequence[Addressee]) -> str:
    return json.dumps([[a.kind, a.name] for a in addressees], ensure_ascii=False)


def addressees_from_json(data: str) -> tuple[Addressee, ...]:
    return tuple(Addressee(k, n) for k, n in json.loads(data))


def _marks(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


# -- reading ---------------------------------------------------------------------------------


def list_recommendations(
    project: Project,
    review_id: str | None = None,
    ids: Iterable[str] | None = None,
) -> list[Recommendation]:
    """Recommendations (of one review, or the given ones, or all) in register order: by
    review name, then document order (offset), then the order they were made."""
    conn = project.conn
    where, params = "", []
    if review_id is not None:
        where, params = "WHERE r.review_id = ?", [review_id]
    elif ids is not None:
        wanted = list(ids)
        where, params = f"WHERE r.id IN ({_marks(wanted)})", wanted
    cols = ", ".join("r." + c for c in _REC_COLUMNS.split(", "))
    rows = conn.execute(
        f"SELECT {cols} FROM recommendations r JOIN reviews v ON v.id = r.review_id {where} "
        "ORDER BY v.name COLLATE NOCASE, v.rowid, r.document_id IS NULL, r.char_start, "
        "r.created_at, r.rowid",
        params,
    ).fetchall()
    addressees: dict[str, list[Addressee]] = {r[0]: [] for r in rows}
    codes: dict[str, list[str]] = {r[0]: [] for r in rows}
    codings: dict[str, list[str]] = {r[0]: [] for r in rows}
    statuses: dict[str, list[StatusEntry]] = {r[0]: [] for r in rows}
    join = f"JOIN recommendations r ON r.id = x.recommendation_id {where}"
    for rec_id, kind, name in conn.execute(
        f"SELECT x.recommendation_id, x.kind, x.name FROM recommendation_addressees x {join} "
        "ORDER BY x.position, x.rowid",
        params,
    ):
        addressees[rec_id].append(Addressee(kind, name))
    for rec_id, code_id in conn.execute(
        f"SELECT x.recommendation_id, x.code_id FROM recommendation_codes x {join} "
        "ORDER BY x.rowid",
        params,
    ):
        codes[rec_id].append(code_id)
    for rec_id, coding_id in conn.execute(
        f"SELECT x.recommendation_id, x.coding_id FROM recommendation_codings x {join} "
        "ORDER BY x.rowid",
        params,
    ):
        codings[rec_id].append(coding_id)
    scols = ", ".join("x." + c for c in _STATUS_COLUMNS.split(", "))
    for row in conn.execute(
        f"SELECT {scols} FROM recommendation_statuses x {join} "
        "ORDER BY x.date, x.created_at, x.rowid",
        params,
    ):
        statuses[row[1]].append(StatusEntry(*row))
    return [
        replace(
            Recommendation(*r),
            addressees=tuple(addressees[r[0]]),
            code_ids=tuple(codes[r[0]]),
            coding_ids=tuple(codings[r[0]]),
            statuses=tuple(statuses[r[0]]),
        )
        for r in rows
    ]


def get_recommendation(project: Project, rec_id: str) -> Recommendation | None:
    found = list_recommendations(project, ids=[rec_id])
    return found[0] if found else None


def recommendation_ranges(project: Project, document_id: str) -> set[tuple[int, int]]:
    """The text ranges of a document that are recommendations already."""
    rows = project.conn.execute(
        "SELECT char_start, char_end FROM recommendations "
        "WHERE document_id = ? AND char_start IS NOT NULL",
        [document_id],
    )
    return {(a, b) for a, b in rows}


def list_suggestions(project: Project, document_id: str | None = None) -> list[Suggestion]:
    """Open suggestions (of one document, or all) by document title, then text order."""
    where, params = ("WHERE s.document_id = ?", [document_id]) if document_id else ("", [])
    cols = ", ".join("s." + c for c in _SUGGESTION_COLUMNS.split(", "))
    rows = project.conn.execute(
        f"SELECT {cols} FROM recommendation_suggestions s "
        f"JOIN documents d ON d.id = s.document_id {where} "
        "ORDER BY d.title COLLATE NOCASE, d.rowid, s.char_start, s.rowid",
        params,
    )
    return [_suggestion(r) for r in rows]


def get_suggestion(project: Project, suggestion_id: str) -> Suggestion | None:
    cols = _SUGGESTION_COLUMNS
    row = project.conn.execute(
        f"SELECT {cols} FROM recommendation_suggestions WHERE id = ?", [suggestion_id]
    ).fetchone()
    return _suggestion(row) if row else None


def _suggestion(row: Sequence[Any]) -> Suggestion:
    values = list(row)
    values[7] = addressees_from_json(values[7])
    return Suggestion(*values)


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


def insert_recommendation(project: Project, rec: Recommendation) -> None:
    """Insert a record with its addressees, links and statuses. Call inside ``write()``."""
    conn = project.conn
    values = [getattr(rec, c) for c in _REC_COLUMNS.split(", ")]
    conn.execute(f"INSERT INTO recommendations ({_REC_COLUMNS}) VALUES ({_marks(values)})", values)
    write_addressees(project, rec.id, rec.addressees)
    conn.executemany(
        "INSERT INTO recommendation_codes (recommendation_id, code_id) VALUES (?, ?)",
        [(rec.id, c) for c in rec.code_ids],
    )
    conn.executemany(
        "INSERT INTO recommendation_codings (recommendation_id, coding_id) VALUES (?, ?)",
        [(rec.id, c) for c in rec.coding_ids],
    )
    for entry in rec.statuses:
        insert_status(project, entry)


def update_fields(project: Project, rec_id: str, fields: dict[str, Any], now: str) -> None:
    """Set some of a record's own columns (label, text, scope, owner, ...)."""
    allowed = {"label", "text", "scope", "owner", "timescale", "outcome", "cluster_id"}
    bad = set(fields) - allowed
    if bad:
        raise ValueError(f"not a recommendation field: {', '.join(sorted(bad))}")
    sets = "".join(f"{k} = ?, " for k in fields)
    project.conn.execute(
        f"UPDATE recommendations SET {sets}modified_at = ? WHERE id = ?",
        [*fields.values(), now, rec_id],
    )


def set_cluster(project: Project, rec_ids: Sequence[str], cluster_id: str | None, now: str):
    project.conn.execute(
        f"UPDATE recommendations SET cluster_id = ?, modified_at = ? WHERE id IN "
        f"({_marks(rec_ids)})",
        [cluster_id, now, *rec_ids],
    )


def write_addressees(project: Project, rec_id: str, addressees: Sequence[Addressee]) -> None:
    conn = project.conn
    conn.execute("DELETE FROM recommendation_addressees WHERE recommendation_id = ?", [rec_id])
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str, str, int]] = []
    for a in addressees:
        if (a.kind, a.name) not in seen:
            seen.add((a.kind, a.name))
            rows.append((rec_id, a.kind, a.name, len(rows)))
    conn.executemany(
        "INSERT INTO recommendation_addressees (recommendation_id, kind, name, position) "
        "VALUES (?, ?, ?, ?)",
        rows,
    )


def write_links(
    project: Project, rec_id: str, code_ids: Sequence[str], coding_ids: Sequence[str]
) -> None:
    conn = project.conn
    conn.execute("DELETE FROM recommendation_codes WHERE recommendation_id = ?", [rec_id])
    conn.execute("DELETE FROM recommendation_codings WHERE recommendation_id = ?", [rec_id])
    conn.executemany(
        "INSERT INTO recommendation_codes (recommendation_id, code_id) VALUES (?, ?)",
        [(rec_id, c) for c in dict.fromkeys(code_ids)],
    )
    conn.executemany(
        "INSERT INTO recommendation_codings (recommendation_id, coding_id) VALUES (?, ?)",
        [(rec_id, c) for c in dict.fromkeys(coding_ids)],
    )


def insert_status(project: Project, entry: StatusEntry) -> None:
    values = [getattr(entry, c) for c in _STATUS_COLUMNS.split(", ")]
    project.conn.execute(
        f"INSERT INTO recommendation_statuses ({_STATUS_COLUMNS}) VALUES ({_marks(values)})",
        values,
    )


def delete_recommendation(project: Project, rec_id: str) -> None:
    project.conn.execute("DELETE FROM recommendations WHERE id = ?", [rec_id])


def insert_suggestions(project: Project, suggestions: Iterable[Suggestion]) -> None:
    rows = []
    for s in suggestions:
        values = [getattr(s, c) for c in _SUGGESTION_COLUMNS.split(", ")]
        values[7] = addressees_to_json(s.addressees)
        rows.append(values)
    project.conn.executemany(
        f"INSERT INTO recommendation_suggestions ({_SUGGESTION_COLUMNS}) "
        f"VALUES ({_marks(_SUGGESTION_COLUMNS.split(', '))})",
        rows,
    )


def delete_suggestions(project: Project, ids: Sequence[str]) -> None:
    project.conn.execute(f"DELETE FROM recommendation_suggestions WHERE id IN ({_marks(ids)})", ids)


def insert_rejection(project: Project, r: Rejection) -> None:
    values = [getattr(r, c) for c in _REJECTION_COLUMNS.split(", ")]
    project.conn.execute(
        f"INSERT INTO recommendation_rejections ({_REJECTION_COLUMNS}) "
        f"VALUES ({_marks(values)}) ON CONFLICT (document_id, char_start, char_end) DO NOTHING",
        values,
    )


# -- snapshots for undo ----------------------------------------------------------------------


def snapshot(
    project: Project,
    rec_ids: Iterable[str] = (),
    suggestion_ids: Iterable[str] = (),
    rejection_ids: Iterable[str] = (),
) -> RegisterRows:
    """The rows of these records, suggestions and rejections now."""
    recs = tuple(dict.fromkeys(rec_ids))
    sugs = tuple(dict.fromkeys(suggestion_ids))
    rejs = tuple(dict.fromkeys(rejection_ids))
    conn = project.conn

    def rows(sql: str, ids: Sequence[str]) -> tuple[tuple[Any, ...], ...]:
        return tuple(tuple(r) for r in conn.execute(sql.format(m=_marks(ids)), ids)) if ids else ()

    return RegisterRows(
        recs,
        sugs,
        rejs,
        rows(
            f"SELECT {_REC_COLUMNS} FROM recommendations WHERE id IN ({{m}}) ORDER BY rowid", recs
        ),
        rows(
            "SELECT recommendation_id, kind, name, position FROM recommendation_addressees "
            "WHERE recommendation_id IN ({m}) ORDER BY rowid",
            recs,
        ),
        rows(
            "SELECT recommendation_id, code_id FROM recommendation_codes "
            "WHERE recommendation_id IN ({m}) ORDER BY rowid",
            recs,
        ),
        rows(
            "SELECT recommendation_id, coding_id FROM recommendation_codings "
            "WHERE recommendation_id IN ({m}) ORDER BY rowid",
            recs,
        ),
        rows(
            f"SELECT {_STATUS_COLUMNS} FROM recommendation_statuses "
            "WHERE recommendation_id IN ({m}) ORDER BY rowid",
            recs,
        ),
        rows(
            f"SELECT {_SUGGESTION_COLUMNS} FROM recommendation_suggestions WHERE id IN ({{m}}) "
            "ORDER BY rowid",
            sugs,
        ),
        rows(
            f"SELECT {_REJECTION_COLUMNS} FROM recommendation_rejections WHERE id IN ({{m}}) "
            "ORDER BY rowid",
            rejs,
        ),
    )


def put_back(project: Project, rows: RegisterRows) -> None:
    """Make the snapshot's rows exactly as it has them (ids without a row deleted)."""
    conn = project.conn
    if rows.rec_ids:
        conn.execute(
            f"DELETE FROM recommendations WHERE id IN ({_marks(rows.rec_ids)})", rows.rec_ids
        )
        conn.executemany(
            f"INSERT INTO recommendations ({_REC_COLUMNS}) "
            f"VALUES ({_marks(_REC_COLUMNS.split(', '))})",
            rows.recs,
        )
        conn.executemany(
            "INSERT INTO recommendation_addressees (recommendation_id, kind, name, position) "
            "VALUES (?, ?, ?, ?)",
            rows.addressees,
        )
        conn.executemany(
            "INSERT INTO recommendation_codes (recommendation_id, code_id) VALUES (?, ?)",
            rows.codes,
        )
        conn.executemany(
            "INSERT INTO recommendation_codings (recommendation_id, coding_id) VALUES (?, ?)",
            rows.codings,
        )
        conn.executemany(
            f"INSERT INTO recommendation_statuses ({_STATUS_COLUMNS}) "
            f"VALUES ({_marks(_STATUS_COLUMNS.split(', '))})",
            rows.statuses,
        )
    if rows.suggestion_ids:
        conn.execute(
            f"DELETE FROM recommendation_suggestions WHERE id IN ({_marks(rows.suggestion_ids)})",
            rows.suggestion_ids,
        )
        conn.executemany(
            f"INSERT INTO recommendation_suggestions ({_SUGGESTION_COLUMNS}) "
            f"VALUES ({_marks(_SUGGESTION_COLUMNS.split(', '))})",
            rows.suggestions,
        )
    if rows.rejection_ids:
        conn.execute(
            f"DELETE FROM recommendation_rejections WHERE id IN ({_marks(rows.rejection_ids)})",
            rows.rejection_ids,
        )
        conn.executemany(
            f"INSERT INTO recommendation_rejections ({_REJECTION_COLUMNS}) "
            f"VALUES ({_marks(_REJECTION_COLUMNS.split(', '))})",
            rows.rejections,
        )


# -- whole rows, for a merge ----------------------------------------------------------------

_TABLES = (
    "recommendations",
    "recommendation_addressees",
    "recommendation_codes",
    "recommendation_codings",
    "recommendation_statuses",
    "recommendation_rejections",
)


def whole_rows(project: Project) -> dict[str, list[dict[str, Any]]]:
    """Every row of the register's tables (suggestions aside) as dicts by column name, in
    the order they were written: what a merge reads from each input."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in _TABLES:
        cur = project.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cur.description]
        out[table] = [dict(zip(names, row, strict=True)) for row in cur]
    return out


# -- what the register reports with each record -------------------------------------------


def review_names(project: Project) -> dict[str, str]:
    return dict(project.conn.execute("SELECT id, name FROM reviews"))


def document_titles(project: Project) -> dict[str, str]:
    return dict(project.conn.execute("SELECT id, title FROM documents"))
