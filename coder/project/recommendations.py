"""The recommendations register's records: ``recommendations`` with their addressees,
linked codes and codings, and status entries. Reads return frozen records; writes run
inside the caller's ``write()``. (Detection's open suggestions and the rejected ones are
``coder.project.recommendation_suggestions``.)

Every row has a UUID (or hangs off one), so teamwork merge and undo carry them unchanged.
Each table is declared once (``RECORDS``, ``ADDRESSEES``, ``CODES``, ``CODINGS``,
``STATUS_ENTRIES``), so an ``Edit`` of the register puts its rows back through these specs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from coder.project.store import Project
from coder.project.table import Table

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


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    """A record's own row (its addressees, links and statuses are rows of their own)."""

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


@dataclass(frozen=True, slots=True)
class AddresseeRow:
    recommendation_id: str
    kind: str
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class CodeLink:
    """A theme (code) a recommendation speaks to."""

    recommendation_id: str
    code_id: str


@dataclass(frozen=True, slots=True)
class CodingLink:
    """A finding (coding) a recommendation answers."""

    recommendation_id: str
    coding_id: str


RECORDS: Table[RecommendationRow] = Table(
    "recommendations",
    "recommendation",
    RecommendationRow,
    tuple(_REC_COLUMNS.split(", ")),
    rank=30,
)
ADDRESSEES: Table[AddresseeRow] = Table(
    "recommendation_addressees",
    "recommendation_addressee",
    AddresseeRow,
    ("recommendation_id", "kind", "name", "position"),
    key=("recommendation_id", "kind", "name"),
    rank=35,
)
CODES: Table[CodeLink] = Table(
    "recommendation_codes",
    "recommendation_code",
    CodeLink,
    ("recommendation_id", "code_id"),
    key=("recommendation_id", "code_id"),
    rank=35,
)
CODINGS: Table[CodingLink] = Table(
    "recommendation_codings",
    "recommendation_coding",
    CodingLink,
    ("recommendation_id", "coding_id"),
    key=("recommendation_id", "coding_id"),
    rank=35,
)
STATUS_ENTRIES: Table[StatusEntry] = Table(
    "recommendation_statuses",
    "recommendation_status",
    StatusEntry,
    tuple(_STATUS_COLUMNS.split(", ")),
    rank=35,
)


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


# -- writing ---------------------------------------------------------------------------------


def insert_recommendation(project: Project, rec: Recommendation) -> None:
    """Insert a record with its addressees, links and statuses. Call inside ``write()``."""
    RECORDS.insert(project, [RECORDS.of([getattr(rec, c) for c in RECORDS.columns])])
    write_addressees(project, rec.id, rec.addressees)
    CODES.insert(project, [CodeLink(rec.id, c) for c in rec.code_ids])
    CODINGS.insert(project, [CodingLink(rec.id, c) for c in rec.coding_ids])
    STATUS_ENTRIES.insert(project, rec.statuses)


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


def set_cluster(project: Project, rec_ids: Sequence[str], cluster_id: str | None, now: str) -> None:
    project.conn.execute(
        f"UPDATE recommendations SET cluster_id = ?, modified_at = ? WHERE id IN "
        f"({_marks(rec_ids)})",
        [cluster_id, now, *rec_ids],
    )


def write_addressees(project: Project, rec_id: str, addressees: Sequence[Addressee]) -> None:
    """Make a record's addressees these, in this order (repeats dropped). Rows that stay
    keep their place (only their position changes), so undo finds them as they were."""
    wanted = list(dict.fromkeys((a.kind, a.name) for a in addressees))
    have = {
        (a.kind, a.name): a for a in ADDRESSEES.where_in(project, "recommendation_id", [rec_id])
    }
    gone = [(rec_id, *k) for k in have if k not in wanted]
    ADDRESSEES.delete(project, gone)
    moved, new = [], []
    for position, (kind, name) in enumerate(wanted):
        row = AddresseeRow(rec_id, kind, name, position)
        if (kind, name) not in have:
            new.append(row)
        elif have[(kind, name)] != row:
            moved.append(row)
    ADDRESSEES.update(project, moved)
    ADDRESSEES.insert(project, new)


def _relink(project: Project, table: Table[Any], rec_id: str, wanted: Sequence[str]) -> None:
    """Make a record's links of ``table`` these, in this order (their order is their rows'
    order). Links that stay keep their rows when the order allows: the new ones come
    after them. Otherwise (a change of order) every link is written again."""
    column = table.columns[1]
    wanted = list(dict.fromkeys(wanted))
    have = [getattr(r, column) for r in table.where_in(project, "recommendation_id", [rec_id])]
    kept = [x for x in have if x in wanted]
    if wanted[: len(kept)] != kept:
        kept = []
    table.delete(project, [(rec_id, x) for x in have if x not in kept])
    table.insert(project, [table.of((rec_id, x)) for x in wanted if x not in kept])


def write_links(
    project: Project, rec_id: str, code_ids: Sequence[str], coding_ids: Sequence[str]
) -> None:
    """Make a record's linked codes and codings these (see ``_relink``)."""
    _relink(project, CODES, rec_id, code_ids)
    _relink(project, CODINGS, rec_id, coding_ids)


def insert_status(project: Project, entry: StatusEntry) -> None:
    STATUS_ENTRIES.insert(project, [entry])


def delete_recommendation(project: Project, rec_id: str) -> None:
    project.conn.execute("DELETE FROM recommendations WHERE id = ?", [rec_id])


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


def move_to_review(project: Project, from_review: str, to_review: str, now: str) -> None:
    """Give one review's recommendations to another (a review grouped into another), with
    their addressees, links and status entries, which hang on the recommendation."""
    project.conn.execute(
        "UPDATE recommendations SET review_id = ?, modified_at = ? WHERE review_id = ?",
        [to_review, now, from_review],
    )
