"""The review-attributes table that researchers keep in spreadsheets.

One row per review: ``review_id``, ``review_name``, ``documents`` (its documents' file
names joined by ``; ``), then one column per attribute, headed by its name. Multiple
choices are joined by ``; ``; "not stated" is written as such; an empty cell is empty.

Import matches each row to a review by ``review_id``, else by any entry of ``documents``
(a file name, a title or a SHA-256), else by ``review_name`` (a review's name or a
document's title). It is all or nothing: every bad row is reported and nothing is
applied, unless ``partial`` asks for the valid rows to be applied.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.analysis.tables import EXCEL_RISKY, write_table
from coder.codebook.attribute_set import LIST_SEP, AttributeSpec
from coder.coding.reviews import attribute_values, list_attributes, list_reviews, write_value
from coder.errors import InvalidInputError
from coder.ids import CoderId
from coder.project.clock import utc_now
from coder.project.store import Project

FIXED = ("review_id", "review_name", "documents")
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class AttributeImport:
    applied: int = 0  # rows applied
    errors: list[str] = field(default_factory=list)  # "row N: reason"
    warnings: list[str] = field(default_factory=list)


def attribute_rows(project: Project) -> tuple[list[str], list[list[str]]]:
    specs = list_attributes(project)
    values = attribute_values(project)
    files = dict(project.conn.execute("SELECT id, file_name FROM documents"))
    header = [*FIXED, *(s.name for s in specs)]
    rows = []
    for review in list_reviews(project):
        own = values.get(review.id, {})
        rows.append(
            [
                review.id,
                review.name,
                LIST_SEP.join(files[d] for d in review.document_ids),
                *(s.format(own.get(s.id)) for s in specs),
            ]
        )
    return header, rows


def export_attributes(project: Project, path: str | Path, excel: bool = False) -> int:
    header, rows = attribute_rows(project)
    return write_table(path, header, rows, excel)


def import_attributes(
    project: Project, path: str | Path, coder_id: CoderId | None, partial: bool = False
) -> AttributeImport:
    """Apply an attribute CSV (see the module docstring). Raises InvalidInputError when the
    file itself is unusable; row problems are in the result's ``errors``."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name}: larger than 50 MB; is it an attribute table?")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name}: not UTF-8 text; save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInputError(f"{path.name}: the file is empty") from None
    except csv.Error as exc:
        raise InvalidInputError(f"{path.name}: not a CSV file ({exc})") from None
    result = AttributeImport()
    specs = {s.name.casefold(): s for s in list_attributes(project)}
    columns: list[tuple[int, AttributeSpec]] = []
    for i, name in enumerate(header):
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
    planned: list[tuple[str, list[tuple[AttributeSpec, Any]]]] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, row, strict=False))
            try:
                review_id = matcher.match(cells)
                if review_id in seen:
                    raise InvalidInputError(f"the same review as row {seen[review_id]}")
                seen[review_id] = number
                values = [(spec, spec.parse(row[i] if i < len(row) else "")) for i, spec in columns]
            except InvalidInputError as exc:
                result.errors.append(f"row {number}: {exc}")
                continue
            planned.append((review_id, values))
    except csv.Error as exc:
        raise InvalidInputError(f"{path.name}: not a CSV file ({exc})") from None
    if result.errors and not partial:
        return result
    with project.write():
        now = utc_now()
        for review_id, values in planned:
            for spec, value in values:
                write_value(project, review_id, spec, value, coder_id, now)
        result.applied = len(planned)
    return result


class ReviewMatcher:
    def __init__(self, project: Project) -> None:
        self.reviews = {r.id: r for r in list_reviews(project)}
        self.by_doc: dict[str, set[str]] = {}
        self.by_name: dict[str, set[str]] = {}
        for review_id, file_name, title, sha in project.conn.execute(
            "SELECT review_id, file_name, title, sha256 FROM documents"
        ):
            for key in (file_name, title, sha):
                self.by_doc.setdefault(key.casefold(), set()).add(review_id)
            self.by_name.setdefault(title.casefold(), set()).add(review_id)
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
