"""Importing a list of candidate reviews (before their PDFs) from a CSV file.

Columns, by header (case aside): ``title`` (required), ``url``, ``repository``,
``retrieved_on``, ``publication_status``, ``published_on``, ``file`` (the file name the
PDF will have), and any of the project's attributes by name (``review type``,
``publication year``, ...). Each row becomes a review with no document. A row the project
has already (same title, URL and repository) is skipped with a warning.

All or nothing: every bad row is reported ("row N: reason") and nothing is added, unless
``partial`` asks for the valid rows to be added anyway.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.analysis.attributes_csv import MAX_CELL, _read_table, csv_field_limit
from coder.codebook.attribute_set import AttributeSpec
from coder.coding.reviews import list_attributes, write_value
from coder.errors import InvalidInputError
from coder.ids import new_id
from coder.project import attributes, candidates, changelog, coders
from coder.project import provenance as prov
from coder.project import reviews as review_repo
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

#: the fixed columns, in the order the README lists them
COLUMNS = (
    "title",
    "url",
    "repository",
    "retrieved_on",
    "publication_status",
    "published_on",
    "file",
)


@dataclass
class CandidateImport:
    added: int = 0
    errors: list[str] = field(default_factory=list)  # "row N: reason"
    warnings: list[str] = field(default_factory=list)
    #: the reviews it added, with their values (for undo)
    edit: Edit = field(default_factory=Edit)


@dataclass(frozen=True)
class _Row:
    number: int
    title: str
    provenance: prov.Provenance
    file: str
    values: list[tuple[AttributeSpec, Any]]


def import_candidates(
    project: Project, path: str | Path, coder_name: str, partial: bool = False
) -> CandidateImport:
    """Add the CSV's rows as reviews without documents (see the module docstring). Raises
    InvalidInputError when the file itself is unusable; row problems are in ``errors``.
    The result's ``edit`` is what it added."""
    path = Path(path)
    try:
        with csv_field_limit(MAX_CELL):
            header, rows = _read_table(path)
    except csv.Error as exc:
        raise InvalidInputError(f"{path.name}: not a CSV file ({exc})") from None
    keys = [h.casefold() for h in header]
    if "title" not in keys:
        raise InvalidInputError(f"{path.name}: needs a 'title' column (see the README)")
    result = CandidateImport()
    specs = {s.name.casefold(): s for s in list_attributes(project)}
    attrs: list[tuple[int, AttributeSpec]] = []
    for i, key in enumerate(keys):
        if key in COLUMNS or not key:
            continue
        spec = specs.get(key)
        if spec is None:
            message = (
                f"column '{header[i]}' is neither a candidate column nor an attribute of this "
                "project; define the attribute first (review-coder attributes --define)"
            )
            (result.warnings if partial else result.errors).append(
                message + ("; the column was skipped" if partial else "")
            )
            continue
        attrs.append((i, spec))
    known = {
        (r.name.casefold(), r.provenance.source_url, r.provenance.repository)
        for r in candidates.list_sample(project)
    }
    planned: list[_Row] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(keys)}
        try:
            title = " ".join(cells.get("title", "").split())
            if not title:
                raise InvalidInputError("the title is empty")
            where = prov.parse(
                cells.get("url", ""),
                cells.get("repository", ""),
                cells.get("retrieved_on", ""),
                cells.get("publication_status", ""),
                cells.get("published_on", ""),
            )
            values = [(spec, spec.parse(row[i] if i < len(row) else "")) for i, spec in attrs]
        except InvalidInputError as exc:
            result.errors.append(f"row {number}: {exc}")
            continue
        same = (title.casefold(), where.source_url, where.repository)
        if same in known:
            result.warnings.append(f"row {number}: '{title}' is in the project already; skipped")
            continue
        known.add(same)
        planned.append(_Row(number, title, where, cells.get("file", ""), values))
    if result.errors and not partial:
        return result
    if not planned:
        return result
    with project.write():
        record = Recorder(project)
        had = coders.find_coder(project, " ".join(coder_name.split()))
        coder = had or coders.ensure_coder(project, coder_name)
        if had is None:
            record.created(coders.TABLE, [coder.id])
        now = utc_now()
        for r in planned:
            review_id = new_id()
            candidates.insert_candidate(project, review_id, r.title, r.provenance, r.file, now)
            record.created(review_repo.TABLE, [review_id])
            record.created(attributes.VALUES, [(review_id, spec.id) for spec, _v in r.values])
            changelog.log(
                project,
                coder.id,
                "create",
                "review",
                review_id,
                f"candidate '{r.title}' from {path.name}",
                at=now,
            )
            for spec, value in r.values:
                if value is not None:
                    write_value(project, review_id, spec, value, coder.id, now)
        result.added = len(planned)
        result.edit = record.edit()
    return result
