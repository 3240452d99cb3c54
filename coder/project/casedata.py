"""The case-data tables: the schema held in the project (``case_kinds``, ``case_fields``),
records per review (``case_records``), their typed values (``case_values``) and the
passages they come from (``case_links``). Reads return records; writes run inside the
caller's ``write()`` transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, from_json, to_json
from coder.codebook.case_schema import CaseKind, CaseSchema, FieldSpec
from coder.ids import CoderId, DocumentId
from coder.project.store import Project
from coder.project.table import Table

TITLE_KEY = "case_data_title"
SOURCE_KEY = "case_data_source"

_RECORD_COLUMNS = "id, review_id, kind_id, coder_id, created_at, modified_at"
_VALUE_COLUMNS = "record_id, field_id, value, not_stated, modified_at"
_LINK_COLUMNS = (
    "id, record_id, coding_id, document_id, char_start, char_end, page, quote, created_at"
)


@dataclass(frozen=True, slots=True)
class CaseLink:
    """A passage a record was extracted from: a coding's, or a selected range of text."""

    id: str
    record_id: str
    coding_id: str | None
    document_id: DocumentId
    char_start: int
    char_end: int
    page: int  # 1-based
    quote: str
    created_at: str


@dataclass(frozen=True, slots=True)
class CaseRecordRow:
    """A record's own row (its values and passages are rows of their own tables)."""

    id: str
    review_id: str
    kind_id: str
    coder_id: CoderId | None
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class CaseValue:
    """One field of a record as stored: ``value`` is JSON (None when not stated)."""

    record_id: str
    field_id: str
    value: str | None
    not_stated: int
    modified_at: str


RECORDS: Table[CaseRecordRow] = Table(
    "case_records", "case_record", CaseRecordRow, tuple(_RECORD_COLUMNS.split(", ")), rank=30
)
VALUES: Table[CaseValue] = Table(
    "case_values",
    "case_value",
    CaseValue,
    tuple(_VALUE_COLUMNS.split(", ")),
    key=("record_id", "field_id"),
    rank=35,
)
LINKS: Table[CaseLink] = Table(
    "case_links", "case_link", CaseLink, tuple(_LINK_COLUMNS.split(", ")), rank=40
)


@dataclass(frozen=True)
class CaseRecord:
    id: str
    review_id: str
    kind_id: str
    coder_id: CoderId | None
    created_at: str
    modified_at: str
    values: dict[str, Any] = field(default_factory=dict)  # field id -> value or NOT_STATED
    links: tuple[CaseLink, ...] = ()


@dataclass(frozen=True)
class CaseRows:
    """The rows of some records as they were: what undo and redo put back."""

    record_ids: tuple[str, ...]
    records: tuple[tuple[Any, ...], ...]
    values: tuple[tuple[Any, ...], ...]
    links: tuple[tuple[Any, ...], ...]


# -- the schema ----------------------------------------------------------------------------


def project_schema(project: Project) -> CaseSchema:
    """The schema the project holds (empty when none was loaded)."""
    conn = project.conn
    fields: dict[str, list[FieldSpec]] = {}
    for fid, kind_id, name, ftype, choices, desc, pos in conn.execute(
        "SELECT id, kind_id, name, type, choices, description, position FROM case_fields "
        "ORDER BY position, rowid"
    ):
        fields.setdefault(kind_id, []).append(
            FieldSpec(fid, name, ftype, json.loads(choices), desc, pos)
        )
    kinds = [
        CaseKind(kid, name, file, fields.get(kid, []), label, json.loads(match), desc, pos)
        for kid, name, file, label, match, desc, pos in conn.execute(
            "SELECT id, name, file, label_field, match_fields, description, position "
            "FROM case_kinds ORDER BY position, rowid"
        )
    ]
    meta = dict(
        conn.execute("SELECT key, value FROM project WHERE key IN (?, ?)", [TITLE_KEY, SOURCE_KEY])
    )
    return CaseSchema(meta.get(TITLE_KEY, ""), kinds, meta.get(SOURCE_KEY, ""))


def set_schema_meta(project: Project, title: str, source: str) -> None:
    project.conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(TITLE_KEY, title), (SOURCE_KEY, source)],
    )


def insert_kind(project: Project, kind: CaseKind, position: int, now: str) -> None:
    project.conn.execute(
        "INSERT INTO case_kinds (id, name, file, label_field, match_fields, description, "
        "position, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            kind.id,
            kind.name,
            kind.file,
            kind.label,
            json.dumps(kind.match, ensure_ascii=False),
            kind.description,
            position,
            now,
            now,
        ],
    )


def insert_field(project: Project, kind_id: str, spec: FieldSpec, position: int, now: str) -> None:
    project.conn.execute(
        "INSERT INTO case_fields (id, kind_id, name, type, choices, description, position, "
        "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            spec.id,
            kind_id,
            spec.name,
            spec.type,
            json.dumps(spec.choices, ensure_ascii=False),
            spec.description,
            position,
            now,
            now,
        ],
    )


def update_field(project: Project, field_id: str, choices: list[str], description: str, now: str):
    project.conn.execute(
        "UPDATE case_fields SET choices = ?, description = ?, modified_at = ? WHERE id = ?",
        [json.dumps(choices, ensure_ascii=False), description, now, field_id],
    )


# -- records -------------------------------------------------------------------------------


def list_records(
    project: Project, review_id: str | None = None, record_ids: Iterable[str] | None = None
) -> list[CaseRecord]:
    """Records (of one review, or the given ones, or all), in the order they were made
    (by creation time, which undo and merge keep, then by insertion)."""
    conn = project.conn
    where, params = "", []
    if review_id is not None:
        where, params = "WHERE r.review_id = ?", [review_id]
    elif record_ids is not None:
        ids = list(record_ids)
        where, params = f"WHERE r.id IN ({','.join('?' * len(ids))})", ids
    rows = conn.execute(
        f"SELECT r.id, r.review_id, r.kind_id, r.coder_id, r.created_at, r.modified_at "
        f"FROM case_records r {where} ORDER BY r.created_at, r.rowid",
        params,
    ).fetchall()
    values: dict[str, dict[str, Any]] = {r[0]: {} for r in rows}
    links: dict[str, list[CaseLink]] = {r[0]: [] for r in rows}
    for record_id, field_id, value, not_stated in conn.execute(
        "SELECT v.record_id, v.field_id, v.value, v.not_stated FROM case_values v "
        f"JOIN case_records r ON r.id = v.record_id {where}",
        params,
    ):
        values[record_id][field_id] = NOT_STATED_VALUE if not_stated else from_json(value)
    for row in conn.execute(
        f"SELECT {', '.join('l.' + c for c in _LINK_COLUMNS.split(', '))} FROM case_links l "
        f"JOIN case_records r ON r.id = l.record_id {where} ORDER BY l.rowid",
        params,
    ):
        links[row[1]].append(CaseLink(*row))
    return [
        CaseRecord(r[0], r[1], r[2], r[3], r[4], r[5], values[r[0]], tuple(links[r[0]]))
        for r in rows
    ]


def get_record(project: Project, record_id: str) -> CaseRecord | None:
    found = list_records(project, record_ids=[record_id])
    return found[0] if found else None


def referring_records(project: Project, person_id: str) -> list[str]:
    """Ids of records whose person fields name ``person_id``."""
    rows = project.conn.execute(
        "SELECT DISTINCT v.record_id FROM case_values v JOIN case_fields f ON f.id = v.field_id "
        "WHERE f.type IN ('person', 'persons') AND v.value LIKE ? ORDER BY v.record_id",
        [f'%"{person_id}"%'],
    )
    return [r[0] for r in rows]


def insert_record(
    project: Project,
    record_id: str,
    review_id: str,
    kind_id: str,
    coder_id: str | None,
    now: str,
) -> None:
    project.conn.execute(
        f"INSERT INTO case_records ({_RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [record_id, review_id, kind_id, coder_id, now, now],
    )


def touch_record(project: Project, record_id: str, now: str) -> None:
    project.conn.execute("UPDATE case_records SET modified_at = ? WHERE id = ?", [now, record_id])


def write_value(project: Project, record_id: str, field_id: str, value: Any, now: str) -> None:
    """Set one value: a typed value, NOT_STATED_VALUE, or None to clear it."""
    conn = project.conn
    if value is None:
        conn.execute(
            "DELETE FROM case_values WHERE record_id = ? AND field_id = ?", [record_id, field_id]
        )
        return
    stated = value is not NOT_STATED_VALUE
    conn.execute(
        f"INSERT INTO case_values ({_VALUE_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(record_id, field_id) DO UPDATE SET value = excluded.value, "
        "not_stated = excluded.not_stated, modified_at = excluded.modified_at",
        [record_id, field_id, to_json(value) if stated else None, 0 if stated else 1, now],
    )


def insert_link(project: Project, link: CaseLink) -> None:
    project.conn.execute(
        f"INSERT INTO case_links ({_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [getattr(link, c) for c in _LINK_COLUMNS.split(", ")],
    )


def delete_link(project: Project, link_id: str) -> None:
    project.conn.execute("DELETE FROM case_links WHERE id = ?", [link_id])


def delete_record(project: Project, record_id: str) -> None:
    project.conn.execute("DELETE FROM case_records WHERE id = ?", [record_id])


# -- snapshots for undo ----------------------------------------------------------------------


def snapshot(project: Project, record_ids: Iterable[str]) -> CaseRows:
    """The rows of these records now (a record that does not exist has none)."""
    ids = tuple(dict.fromkeys(record_ids))
    marks = ",".join("?" * len(ids))
    conn = project.conn
    return CaseRows(
        ids,
        tuple(
            conn.execute(
                f"SELECT {_RECORD_COLUMNS} FROM case_records WHERE id IN ({marks}) ORDER BY id",
                ids,
            )
        ),
        tuple(
            conn.execute(
                f"SELECT {_VALUE_COLUMNS} FROM case_values WHERE record_id IN ({marks}) "
                "ORDER BY record_id, field_id",
                ids,
            )
        ),
        tuple(
            conn.execute(
                f"SELECT {_LINK_COLUMNS} FROM case_links WHERE record_id IN ({marks}) "
                "ORDER BY rowid",
                ids,
            )
        ),
    )


def move_records(project: Project, from_review: str, to_review: str, now: str) -> None:
    """Give one review's records to another (a review grouped into another)."""
    project.conn.execute(
        "UPDATE case_records SET review_id = ?, modified_at = ? WHERE review_id = ?",
        [to_review, now, from_review],
    )


# -- the schema's rows, for edits ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseKindRow:
    """A kind of record as stored (``match_fields`` is JSON)."""

    id: str
    name: str
    file: str
    label_field: str
    match_fields: str
    description: str
    position: int
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class CaseFieldRow:
    """A field of a kind as stored (``choices`` is JSON)."""

    id: str
    kind_id: str
    name: str
    type: str
    choices: str
    description: str
    position: int
    created_at: str
    modified_at: str


KINDS: Table[CaseKindRow] = Table(
    "case_kinds",
    "case_kind",
    CaseKindRow,
    tuple(f.name for f in fields(CaseKindRow)),
    rank=20,
)
FIELDS: Table[CaseFieldRow] = Table(
    "case_fields",
    "case_field",
    CaseFieldRow,
    tuple(f.name for f in fields(CaseFieldRow)),
    rank=25,
)
#: the project settings naming the schema (rows of ``screening.SETTINGS``' table)
META_KEYS = (TITLE_KEY, SOURCE_KEY)
