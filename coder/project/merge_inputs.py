"""Reading the projects a merge takes in: every row it needs, read once, inputs read-only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.codebook.tree import CodeTree
from coder.errors import InvalidInputError
from coder.progress import NO_PROGRESS, Progress
from coder.project import recommendations as recommendation_repo
from coder.project.store import Project

Row = dict[str, Any]

LIGHT_CODING_COLUMNS = (
    "id, document_id, code_id, coder_id, kind, char_start, char_end, page_start, page_end, "
    "CASE WHEN kind = 'area' THEN rects END AS rects, effect, judgement, created_at, modified_at"
)


@dataclass
class Deletion:
    at: str
    coder_id: str | None
    detail: dict[str, Any]


@dataclass
class MergeInput:
    """One input project, as read. Rows are dicts keyed by column name."""

    index: int
    path: Path
    project: Project
    meta: dict[str, str]
    coders: dict[str, Row] = field(default_factory=dict)
    reviews: dict[str, Row] = field(default_factory=dict)
    documents: dict[str, Row] = field(default_factory=dict)  # by id; with text_sha
    codes: dict[str, Row] = field(default_factory=dict)
    code_paths: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, Row] = field(default_factory=dict)
    values: list[Row] = field(default_factory=list)
    codings: list[Row] = field(default_factory=list)
    code_last_used: dict[str, str] = field(default_factory=dict)  # code id -> newest coding
    memos: dict[str, Row] = field(default_factory=dict)
    assignments: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    adjudications: list[Row] = field(default_factory=list)
    case_kinds: dict[str, Row] = field(default_factory=dict)
    case_fields: dict[str, Row] = field(default_factory=dict)
    case_records: dict[str, Row] = field(default_factory=dict)
    case_values: dict[str, list[Row]] = field(default_factory=dict)  # by record id
    case_links: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    recode_flags: list[Row] = field(default_factory=list)
    frameworks: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    mappings: list[Row] = field(default_factory=list)
    screenings: list[Row] = field(default_factory=list)
    resolutions: list[Row] = field(default_factory=list)
    duplicate_decisions: list[Row] = field(default_factory=list)
    review_duplicates: list[Row] = field(default_factory=list)
    recommendations: dict[str, Row] = field(default_factory=dict)
    rec_addressees: dict[str, list[Row]] = field(default_factory=dict)  # by recommendation
    rec_codes: dict[str, list[Row]] = field(default_factory=dict)
    rec_codings: dict[str, list[Row]] = field(default_factory=dict)
    rec_statuses: list[Row] = field(default_factory=list)
    rec_rejections: list[Row] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    #: (entity, id, column) -> when the change log last records a change to that column
    field_stamps: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: per entity: ids deleted (the change log says so and the row is gone), latest deletion
    deleted: dict[str, dict[str, Deletion]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.path.name

    def quote(self, coding_id: str) -> str:
        row = self.project.conn.execute(
            "SELECT quote FROM codings WHERE id = ?", [coding_id]
        ).fetchone()
        return row[0] if row else ""

    def full_coding(self, coding_id: str) -> Row:
        (row,) = _rows(self.project, "SELECT * FROM codings WHERE id = ?", [coding_id])
        return row


def _rows(project: Project, sql: str, params: Sequence[object] = ()) -> list[Row]:
    cur = project.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def _read_recommendations(project: Project, inp: MergeInput) -> None:
    tables = recommendation_repo.whole_rows(project)
    inp.recommendations = {r["id"]: r for r in tables["recommendations"]}
    for table, into in (
        ("recommendation_addressees", inp.rec_addressees),
        ("recommendation_codes", inp.rec_codes),
        ("recommendation_codings", inp.rec_codings),
    ):
        for r in tables[table]:
            into.setdefault(r["recommendation_id"], []).append(r)
    inp.rec_statuses = tables["recommendation_statuses"]
    inp.rec_rejections = tables["recommendation_rejections"]


def read_input(index: int, path: Path) -> MergeInput:
    """Open ``path`` read-only and read it. The caller closes ``.project``."""
    project = Project.open(path, read_only=True)
    try:
        with project.read():
            return _read(index, path, project)
    except BaseException:
        project.close()
        raise


def _read(index: int, path: Path, project: Project) -> MergeInput:
    meta = {k: v for k, v in project.conn.execute("SELECT key, value FROM project")}
    inp = MergeInput(index, path, project, meta)
    inp.coders = {r["id"]: r for r in _rows(project, "SELECT * FROM coders")}
    # with the order they were added in, which the merged file keeps (a sample's order)
    inp.reviews = {r["id"]: r for r in _rows(project, "SELECT *, rowid AS _position FROM reviews")}
    docs = _rows(project, "SELECT * FROM documents")
    # the text's bytes as stored (no decoding into a str and back): equal texts, equal hashes
    shas = {
        d: hashlib.sha256(t).hexdigest()
        for d, t in project.conn.execute(
            "SELECT document_id, CAST(text AS BLOB) FROM document_texts"
        )
    }
    for d in docs:
        d["text_sha"] = shas.get(d["id"], "")
    inp.documents = {d["id"]: d for d in docs}
    inp.codes = {r["id"]: r for r in _rows(project, "SELECT * FROM codes")}
    tree = CodeTree((r["id"], r["parent_id"], r["name"]) for r in inp.codes.values())
    inp.code_paths = {code_id: tree.path(code_id) for code_id in inp.codes}
    inp.attributes = {r["id"]: r for r in _rows(project, "SELECT * FROM attributes")}
    inp.values = _rows(project, "SELECT * FROM attribute_values")
    # light rows: the quote and a text coding's rectangles are read when needed, and the
    # writer copies whole rows from the input file itself
    inp.codings = _rows(project, f"SELECT {LIGHT_CODING_COLUMNS} FROM codings")
    inp.code_last_used = dict(
        project.conn.execute("SELECT code_id, max(modified_at) FROM codings GROUP BY code_id")
    )
    inp.memos = {r["id"]: r for r in _rows(project, "SELECT * FROM memos")}
    inp.assignments = _rows(project, "SELECT * FROM assignments")
    inp.flags = _rows(project, "SELECT * FROM coding_flags")
    inp.adjudications = _rows(project, "SELECT * FROM adjudications")
    inp.case_kinds = {r["id"]: r for r in _rows(project, "SELECT * FROM case_kinds")}
    inp.case_fields = {r["id"]: r for r in _rows(project, "SELECT * FROM case_fields")}
    inp.case_records = {
        r["id"]: r for r in _rows(project, "SELECT * FROM case_records ORDER BY rowid")
    }
    for v in _rows(project, "SELECT * FROM case_values ORDER BY record_id, field_id"):
        inp.case_values.setdefault(v["record_id"], []).append(v)
    inp.case_links = _rows(project, "SELECT * FROM case_links ORDER BY rowid")
    inp.links = _rows(project, "SELECT * FROM coding_links ORDER BY created_at, rowid")
    inp.recode_flags = _rows(project, "SELECT * FROM recode_flags ORDER BY rowid")
    inp.frameworks = _rows(project, "SELECT * FROM frameworks ORDER BY rowid")
    inp.categories = _rows(project, "SELECT * FROM framework_categories ORDER BY rowid")
    inp.mappings = _rows(project, "SELECT * FROM framework_mappings ORDER BY rowid")
    inp.screenings = _rows(project, "SELECT * FROM screenings ORDER BY rowid")
    inp.resolutions = _rows(project, "SELECT * FROM screening_resolutions ORDER BY rowid")
    inp.duplicate_decisions = _rows(project, "SELECT * FROM duplicate_decisions ORDER BY rowid")
    inp.review_duplicates = _rows(project, "SELECT * FROM review_duplicates ORDER BY rowid")
    _read_recommendations(project, inp)
    inp.changes = project.conn.execute(
        "SELECT at, coder_id, action, entity, entity_id, summary, detail FROM changes ORDER BY seq"
    ).fetchall()
    present = {
        "code": inp.codes,
        "coding": {c["id"] for c in inp.codings},
        "memo": inp.memos,
        "review": inp.reviews,
        "document": inp.documents,
        "attribute": inp.attributes,
        "case_record": inp.case_records,
        "coding_link": {r["id"] for r in inp.links},
        "recommendation": inp.recommendations,
    }
    for at, coder_id, action, entity, entity_id, _summary, detail in inp.changes:
        if action == "update" and detail and detail != "{}":
            try:
                changed = json.loads(detail)
            except ValueError:
                changed = {}
            if isinstance(changed, dict):
                for column in changed:
                    key = (entity, entity_id, column)
                    inp.field_stamps[key] = max(inp.field_stamps.get(key, ""), at)
        if action != "delete" or entity not in present or entity_id in present[entity]:
            continue
        known = inp.deleted.setdefault(entity, {}).get(entity_id)
        if known is None or at >= known.at:
            try:
                parsed = json.loads(detail or "{}")
            except ValueError:
                parsed = {}
            inp.deleted[entity][entity_id] = Deletion(at, coder_id, parsed)
    return inp


def read_inputs(paths: list[Path], progress: Progress = NO_PROGRESS) -> list[MergeInput]:
    """Read every input (closing them all again if one fails, or on Cancel)."""
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        raise InvalidInputError("the same project is given twice; name each input once")
    inputs: list[MergeInput] = []
    try:
        for i, path in enumerate(paths):
            progress.step(i, len(paths))
            inputs.append(read_input(i, path))
    except BaseException:
        close_inputs(inputs)
        raise
    return inputs


def close_inputs(inputs: list[MergeInput]) -> None:
    for inp in inputs:
        inp.project.close()
