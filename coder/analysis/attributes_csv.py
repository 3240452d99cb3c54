"""The review-attributes table that researchers keep in spreadsheets.

One row per review: ``review_id``, ``review_name``, ``documents`` (its documents' file
names joined by ``; ``), the review's provenance (``source_url``, ``repository``,
``retrieved_on``, ``publication_status``, ``published_on``), then one column per
attribute, headed by its name. Multiple
choices are joined by ``; ``; "not stated" is written as such; an empty cell is empty.

Import matches each row to a review by ``review_id``, else by any entry of ``documents``
(a file name, a title or a SHA-256), else by ``review_name`` (a review's name or a
document's title). It is all or nothing: every bad row is reported and nothing is
applied, unless ``partial`` asks for the valid rows to be applied.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.analysis.tables import EXCEL_RISKY, write_table
from coder.codebook.attribute_set import LIST_SEP, AttributeSpec
from coder.coding.reviews import attribute_values, list_attributes, list_reviews, write_value
from coder.errors import CoderError, InvalidInputError
from coder.ids import CoderId, DocumentId, ReviewId
from coder.inputs import read_regular_file
from coder.project import attributes, changelog, coders, documents
from coder.project import provenance as prov
from coder.project import reviews as review_repo
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

FIXED = ("review_id", "review_name", "documents")
#: the review's provenance, after the fixed columns (coder.project.provenance)
PROVENANCE = prov.COLUMNS
MAX_BYTES = 50 * 1024 * 1024
#: the longest cell accepted, in characters (Python's csv module stops at 131,072)
MAX_CELL = 1024 * 1024


@dataclass
class AttributeImport:
    applied: int = 0  # rows applied
    errors: list[str] = field(default_factory=list)  # "row N: reason"
    warnings: list[str] = field(default_factory=list)
    #: the values and provenance it wrote (for undo)
    edit: Edit = field(default_factory=Edit)


def attribute_rows(project: Project) -> tuple[list[str], list[list[str]]]:
    specs = list_attributes(project)
    values = attribute_values(project)
    files = documents.file_names(project)
    where = prov.all_provenance(project)
    header = [*FIXED, *PROVENANCE, *(s.name for s in specs)]
    rows = []
    for review in list_reviews(project):
        own = values.get(review.id, {})
        labels = where[review.id].labels()
        rows.append(
            [
                review.id,
                review.name,
                LIST_SEP.join(files[DocumentId(d)] for d in review.document_ids),
                *(labels[c] for c in PROVENANCE),
                *(s.format(own.get(s.id)) for s in specs),
            ]
        )
    return header, rows


def export_attributes(project: Project, path: str | Path, excel: bool = False) -> int:
    header, rows = attribute_rows(project)
    return write_table(path, header, rows, excel)


def import_attributes(
    project: Project,
    path: str | Path,
    coder_id: CoderId | None,
    partial: bool = False,
    coder_name: str | None = None,
) -> AttributeImport:
    """Apply an attribute CSV (see the module docstring). Raises InvalidInputError when the
    file itself is unusable (not a regular file, not UTF-8, NUL bytes, an unclosed quote,
    a cell over ``MAX_CELL`` characters, a column named twice); row problems are in the
    result's ``errors``. With ``coder_name``, that coder is added to the project in the
    same transaction as the values, and only when values are applied; the result's
    ``edit`` is what it changed (that coder too, when new)."""
    path = Path(path)
    try:
        with csv_field_limit(MAX_CELL):
            header, rows = _read_table(path)
    except csv.Error as exc:
        raise InvalidInputError(f"{path.name}: not a CSV file ({exc})") from None
    result = AttributeImport()
    specs = {s.name.casefold(): s for s in list_attributes(project)}
    columns: list[tuple[int, AttributeSpec]] = []
    sources: list[tuple[int, str]] = []
    for i, name in enumerate(header):
        if name in PROVENANCE:
            sources.append((i, name))
            continue
        if name in FIXED or not name:
            continue
        key = name.casefold().removeprefix("attr:")
        spec = specs.get(key)
        if spec is None and key[:1] == "'" and key[1:].startswith(EXCEL_RISKY):
            spec = specs.get(key[1:])  # a header written by --excel-safe
        if spec is None:
            message = (
                f"column '{name}' is not an attribute of this project; define it first "
                "(review-coder new --attributes, or the app)"
            )
            if not partial:
                result.errors.append(message)
            else:
                result.warnings.append(message + "; the column was skipped")
            continue
        columns.append((i, spec))
    if not any(h in header for h in FIXED):
        raise InvalidInputError(f"{path.name}: needs a review_id, review_name or documents column")
    matcher = ReviewMatcher(project)
    planned: list[tuple[str, list[tuple[AttributeSpec, Any]], prov.Provenance | None]] = []
    seen: dict[str, int] = {}
    current = prov.all_provenance(project)
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        try:
            review_id = matcher.match(cells)
            if review_id in seen:
                raise InvalidInputError(f"the same review as row {seen[review_id]}")
            seen[review_id] = number
            values = [(spec, spec.parse(row[i] if i < len(row) else "")) for i, spec in columns]
            where: prov.Provenance | None = None
            if sources:
                where = current[ReviewId(review_id)]
                for i, column in sources:
                    where = prov.with_field(where, column, row[i] if i < len(row) else "")
        except InvalidInputError as exc:
            result.errors.append(f"row {number}: {exc}")
            continue
        planned.append((review_id, values, where))
    if result.errors and not partial:
        return result
    with project.write():
        record = Recorder(project)
        if coder_name is not None:
            known = coders.find_coder(project, " ".join(coder_name.split()))
            coder_id = (known or coders.ensure_coder(project, coder_name)).id
            if known is None:
                record.created(coders.TABLE, [coder_id])
        now = utc_now()
        record.read(review_repo.TABLE, [r for r, _v, w in planned if w is not None])
        keys = [(r, spec.id) for r, values, _w in planned for spec, _value in values]
        record.read(attributes.VALUES, keys)
        record.created(attributes.VALUES, keys)  # a value a review did not have
        for review_id, values, where in planned:
            for spec, value in values:
                write_value(project, review_id, spec, value, coder_id, now)
            if where is not None and where != current[ReviewId(review_id)]:
                prov.write(project, review_id, where, now)
                changelog.log(
                    project, coder_id, "update", "review", review_id, "provenance", at=now
                )
        result.applied = len(planned)
        result.edit = record.edit()
    return result


@contextmanager
def csv_field_limit(limit: int) -> Iterator[None]:
    """Python's csv module keeps one process-wide cell limit; raise it for one read."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (stripped) and the rows. Raises InvalidInputError, or csv.Error."""
    try:
        data = read_regular_file(path, MAX_BYTES, "is it an attribute table?")
    except CoderError as exc:
        raise InvalidInputError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name}: not UTF-8 text; save it as CSV UTF-8") from None
    if "\x00" in text:
        raise InvalidInputError(
            f"{path.name}: contains NUL bytes, so it is not a CSV text file; save it as CSV UTF-8"
        )
    # strict: an unclosed quote is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        rows = list(reader)
    except StopIteration:
        raise InvalidInputError(f"{path.name}: the file is empty") from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InvalidInputError(
                f"{path.name}: a cell is longer than {MAX_CELL:,} characters; shorten it"
            ) from None
        raise
    named: dict[str, str] = {}
    for name in header:
        key = name.casefold().removeprefix("attr:")
        if key and key in named:
            raise InvalidInputError(
                f"{path.name}: the column '{name}' appears twice (as '{named[key]}' too); keep one"
            )
        named[key] = name
    return header, rows


class ReviewMatcher:
    def __init__(self, project: Project) -> None:
        self.reviews = {r.id: r for r in list_reviews(project)}
        self.by_doc: dict[str, set[str]] = {}
        self.by_name: dict[str, set[str]] = {}
        for doc in documents.list_documents(project):
            for key in (doc.file_name, doc.title, doc.sha256):
                self.by_doc.setdefault(key.casefold(), set()).add(doc.review_id)
            self.by_name.setdefault(doc.title.casefold(), set()).add(doc.review_id)
        for review in self.reviews.values():
            self.by_name.setdefault(review.name.casefold(), set()).add(review.id)

    def match(self, cells: dict[str, str]) -> str:
        review_id = (cells.get("review_id") or "").strip()
        if review_id:
            if review_id.lower() in self.reviews:
                return review_id.lower()
            raise InvalidInputError(f"no review with id {review_id}")
        found: set[str] = set()
        for entry in (cells.get("documents") or "").split(";"):
            if entry.strip():
                hits = self.by_doc.get(entry.strip().casefold())
                if not hits:
                    raise InvalidInputError(f"no document '{entry.strip()}' in this project")
                found |= hits
        if not found:
            name = (cells.get("review_name") or "").strip()
            found = set(self.by_name.get(name.casefold(), set())) if name else set()
            if not found:
                raise InvalidInputError(
                    f"matches no review (review_name '{name}')"
                    if name
                    else "names no review: give review_id, documents or review_name"
                )
        if len(found) > 1:
            raise InvalidInputError("matches more than one review; give its review_id")
        return next(iter(found))
