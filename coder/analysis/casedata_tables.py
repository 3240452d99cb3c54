"""Case data as spreadsheets: one table per kind of record (``people``, ``relationships``,
``contacts``), written to a folder and read back.

Each row is one record: ``review_id``, ``review_name``, ``record_id``, ``coder``, then one
column per field headed by its name (a date field is followed by ``<name> precision``: day,
month, year or approximate; a person field by ``<name> ids``, the persons' record UUIDs),
then ``passages`` (the linked passages: ``title, p. N: quote``, one per line), then the
review's attributes (``attr:<name>``). Cells are text: "not stated" is written as such,
an empty cell is empty, several choices or persons are joined by ``; ``.

Import applies such tables: a row with a ``record_id`` the project has updates that
record; any other row adds a record (with the given id, if any) to the review it names
(by ``review_id``, else ``review_name``, as the attribute table). Persons are named by
``<name> ids`` when given, else by their label (pseudonym) within the review, people
added in the same import included. Only the columns present are set; an empty cell
clears a value; links, ``passages``, ``coder`` and ``attr:`` columns are not imported.
It is all or nothing unless ``partial`` asks for the valid rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.analysis.attributes_csv import ReviewMatcher
from coder.analysis.tables import write_table
from coder.codebook.attribute_set import (
    LIST_SEP,
    NOT_STATED,
    NOT_STATED_VALUE,
    date_precision,
)
from coder.codebook.case_schema import PERSON_KIND, CaseKind, CaseSchema, FieldSpec
from coder.coding.casedata import CONTACT_KIND, ENTITY, chronology, person_labels, schema_of
from coder.coding.reviews import attribute_values, list_attributes, list_reviews
from coder.errors import InvalidInputError
from coder.ids import CoderId, new_id
from coder.project import casedata as repo
from coder.project import changelog, coders, documents
from coder.project.casedata import CaseRecord
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

FIXED = ("review_id", "review_name", "record_id", "coder")
FORMATS = ("csv", "xlsx", "parquet")
MAX_BYTES = 50 * 1024 * 1024
PRECISION = " precision"
IDS = " ids"


def kind_header(kind: CaseKind, attribute_names: list[str]) -> list[str]:
    header = list(FIXED)
    for spec in kind.fields:
        header.append(spec.name)
        if spec.type == "date":
            header.append(spec.name + PRECISION)
        elif spec.is_reference:
            header.append(spec.name + IDS)
    return [*header, "passages", *(f"attr:{n}" for n in attribute_names)]


def format_value(spec: FieldSpec, value: Any, labels: dict[str, str]) -> list[str]:
    """A value's cells: the value, and its precision or persons' ids after it."""
    if spec.is_reference:
        if value is None or value is NOT_STATED_VALUE:
            text = "" if value is None else NOT_STATED
            return [text, ""]
        ids = [value] if isinstance(value, str) else list(value)
        return [LIST_SEP.join(labels.get(i, i) for i in ids), LIST_SEP.join(ids)]
    cells = [spec.format(value)]
    if spec.type == "date":
        cells.append(date_precision(value) if isinstance(value, str) else "")
    return cells


def kind_rows(project: Project, schema: CaseSchema, kind: CaseKind) -> list[list[str]]:
    """The rows of one kind's table (without the header), review by review."""
    attrs = list_attributes(project)
    values = attribute_values(project)
    coder_names = coders.names(project)
    titles = documents.titles(project)
    records = repo.list_records(project)
    labels = person_labels(schema, records)
    by_review: dict[str, list[CaseRecord]] = {}
    for record in records:
        if record.kind_id == kind.id:
            by_review.setdefault(record.review_id, []).append(record)
    rows = []
    for review in list_reviews(project):
        own = values.get(review.id, {})
        attr_cells = [a.format(own.get(a.id)) for a in attrs]
        own_records = by_review.get(review.id, [])
        if kind.name == CONTACT_KIND:
            own_records = chronology(schema, own_records)
        for record in own_records:
            coder = coder_names.get(record.coder_id, "") if record.coder_id else ""
            row = [review.id, review.name, record.id, coder]
            for spec in kind.fields:
                row += format_value(spec, record.values.get(spec.id), labels)
            row.append(
                "\n".join(
                    f"{titles.get(ln.document_id, '')}, p. {ln.page}: {ln.quote}"
                    for ln in record.links
                )
            )
            rows.append([*row, *attr_cells])
    return rows


def export_casedata(
    project: Project, folder: str | Path, fmt: str = "csv", excel: bool = False
) -> dict[str, int]:
    """Write one table per kind into ``folder`` (made if missing): ``people.csv`` and so
    on. Returns file name -> rows. Raises InvalidInputError."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"the format is csv, xlsx or parquet, not '{fmt}'")
    schema = schema_of(project)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"{folder}: cannot make the folder ({exc.strerror})") from None
    names = [a.name for a in list_attributes(project)]
    written = {}
    for kind in schema.kinds:
        path = folder / f"{kind.file}.{fmt}"
        written[path.name] = write_table(
            path, kind_header(kind, names), kind_rows(project, schema, kind), excel
        )
    return written


# -- import -----------------------------------------------------------------------------------


@dataclass
class CaseImport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)  # "people.csv row 4: reason"
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: the records it added and the values it set (for undo)
    edit: Edit = field(default_factory=Edit)


@dataclass
class _Planned:
    record_id: str
    review_id: str
    kind: CaseKind
    new: bool
    cells: dict[str, str]  # field name -> cell text (and "<name> ids")
    where: str
    values: dict[str, Any] = field(default_factory=dict)


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """A table's header and rows as text, by extension (.csv, .xlsx, .parquet)."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name}: larger than 50 MB; is it a case-data table?")
        if suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig")
            table = list(csv.reader(io.StringIO(text, newline="")))
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            table = [
                ["" if v is None else str(v) for v in row]
                for row in book.worksheets[0].iter_rows(values_only=True)
            ]
            book.close()
        elif suffix == ".parquet":
            try:
                import pyarrow.parquet as pq
            except ImportError:
                raise InvalidInputError(
                    "reading .parquet needs pyarrow: pip install pyarrow"
                ) from None
            data = pq.read_table(path).to_pylist()
            head = list(data[0]) if data else pq.read_schema(path).names
            table = [head, *[["" if r[h] is None else str(r[h]) for h in head] for r in data]]
        else:
            raise InvalidInputError(f"{path.name}: use .csv, .xlsx or .parquet")
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name}: not UTF-8 text; save it as CSV UTF-8") from None
    except csv.Error as exc:
        raise InvalidInputError(f"{path.name}: not a CSV file ({exc})") from None
    except InvalidInputError:
        raise
    except Exception as exc:  # openpyxl and pyarrow raise their own errors on bad files
        raise InvalidInputError(f"{path.name}: cannot be read as {suffix} ({exc})") from None
    if not table:
        raise InvalidInputError(f"{path.name}: the file is empty")
    return [h.strip() for h in table[0]], table[1:]


def _find(folder: Path, kind: CaseKind) -> Path | None:
    found = [
        folder / f"{kind.file}.{fmt}" for fmt in FORMATS if (folder / f"{kind.file}.{fmt}").exists()
    ]
    if len(found) > 1:
        raise InvalidInputError(
            f"{folder}: both {found[0].name} and {found[1].name}; keep one of them"
        )
    return found[0] if found else None


def import_casedata(
    project: Project, folder: str | Path, coder_id: CoderId | None, partial: bool = False
) -> CaseImport:
    """Apply the tables in ``folder`` (see the module docstring). Raises InvalidInputError
    when the folder or a file is unusable; row problems are in the result's ``errors``.
    The result's ``edit`` is what it added and changed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInputError(f"{folder}: not a folder; name the folder the tables are in")
    schema = schema_of(project)
    result = CaseImport()
    kinds = sorted(schema.kinds, key=lambda k: k.name != PERSON_KIND)  # persons first
    tables = [(kind, path) for kind in kinds if (path := _find(folder, kind)) is not None]
    if not tables:
        files = ", ".join(f"{k.file}.csv" for k in schema.kinds)
        raise InvalidInputError(f"{folder}: holds none of {files}")
    existing = {r.id: r for r in repo.list_records(project)}
    labels = person_labels(schema, list(existing.values()))
    person_kind = schema.kind(PERSON_KIND)
    matcher = ReviewMatcher(project)
    planned: list[_Planned] = []
    for kind, path in tables:
        result.files.append(path.name)
        header, rows = read_table(path)
        known = {h.casefold() for h in kind_header(kind, [])}
        for name in header:
            if name and name.casefold() not in known and not name.startswith("attr:"):
                message = f"{path.name}: column '{name}' is not a field of '{kind.name}'"
                if partial:
                    result.warnings.append(message + "; the column was skipped")
                else:
                    result.errors.append(message)
        for number, row in enumerate(rows, start=2):
            if not any(str(c).strip() for c in row):
                continue
            cells = {h: str(c) for h, c in zip(header, row, strict=False) if h}
            where = f"{path.name} row {number}"
            try:
                planned.append(_plan(kind, cells, where, existing, matcher, planned))
            except InvalidInputError as exc:
                result.errors.append(f"{where}: {exc}")
    # persons named by label: existing ones and those this import adds
    by_label: dict[tuple[str, str], list[str]] = {}
    for record_id, label in labels.items():
        by_label.setdefault((existing[record_id].review_id, label.casefold()), []).append(record_id)
    persons = {
        r.id: r.review_id for r in existing.values() if person_kind and r.kind_id == person_kind.id
    }
    for plan in planned:
        if person_kind and plan.kind.id == person_kind.id:
            persons[plan.record_id] = plan.review_id
            spec = person_kind.field(person_kind.label) if person_kind.label else None
            label = (plan.cells.get(spec.name) or "").strip() if spec else ""
            if label and label.casefold() != NOT_STATED:
                key = (plan.review_id, " ".join(label.split()).casefold())
                if plan.record_id not in by_label.setdefault(key, []):
                    by_label[key].append(plan.record_id)
    good: list[_Planned] = []
    for plan in planned:
        try:
            plan.values = _values(plan, persons, by_label)
        except InvalidInputError as exc:
            result.errors.append(f"{plan.where}: {exc}")
            continue
        good.append(plan)
    order = {name: i for i, name in enumerate(result.files)}

    def place(message: str) -> tuple[int, int]:
        file, _, rest = message.partition(" row ")
        number = rest.partition(":")[0]
        return (order.get(file, -1), int(number) if number.isdigit() else 0)

    result.errors.sort(key=place)  # stable: a file's own problems stay first
    if result.errors and not partial:
        return result
    kept = {id(p) for p in good}  # by identity: comparing plans field by field is quadratic
    bad_people = {p.record_id for p in planned if p.new and id(p) not in kept}
    good = [p for p in good if not _names_any(p, bad_people)]
    for plan in good:  # only what changes is written (and stamped for a merge)
        if not plan.new:
            had = existing[plan.record_id].values
            plan.values = {f: v for f, v in plan.values.items() if had.get(f) != v}
    with project.write():
        now = utc_now()
        record = Recorder(project)
        record.read(repo.RECORDS, [p.record_id for p in good if not p.new and p.values])
        record.created(repo.RECORDS, [p.record_id for p in good if p.new])
        keys = [(p.record_id, f) for p in good for f in p.values]
        record.read(repo.VALUES, keys)
        record.created(repo.VALUES, keys)  # a value the record did not have
        for plan in good:
            if plan.new:
                repo.insert_record(
                    project, plan.record_id, plan.review_id, plan.kind.id, coder_id, now
                )
        for plan in good:
            if not plan.new and not plan.values:
                continue
            for field_id, value in plan.values.items():
                repo.write_value(project, plan.record_id, field_id, value, now)
            if not plan.new:
                repo.touch_record(project, plan.record_id, now)
            changelog.log(
                project,
                coder_id,
                "create" if plan.new else "update",
                ENTITY,
                plan.record_id,
                f"{plan.kind.name} {'added' if plan.new else 'updated'} by import",
                {} if plan.new else dict.fromkeys(plan.values, "import"),
                at=now,
            )
            if plan.new:
                result.created += 1
            else:
                result.updated += 1
        result.edit = record.edit()
    return result


def _names_any(plan: _Planned, ids: set[str]) -> bool:
    for value in plan.values.values():
        named = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        if any(v in ids for v in named):
            return True
    return False


def _plan(
    kind: CaseKind,
    cells: dict[str, str],
    where: str,
    existing: dict[str, CaseRecord],
    matcher: ReviewMatcher,
    planned: list[_Planned],
) -> _Planned:
    raw_id = (cells.get("record_id") or "").strip().lower()
    if raw_id and any(p.record_id == raw_id for p in planned):
        raise InvalidInputError(f"record {raw_id} is in the import twice")
    record = existing.get(raw_id) if raw_id else None
    if record is not None:
        if record.kind_id != kind.id:
            raise InvalidInputError(f"record {raw_id} is not a {kind.name}")
        named = (cells.get("review_id") or "").strip().lower()
        if named and named != record.review_id:
            raise InvalidInputError(f"record {raw_id} belongs to another review")
        return _Planned(raw_id, record.review_id, kind, False, cells, where)
    if raw_id:
        try:
            import uuid

            raw_id = str(uuid.UUID(raw_id))
        except ValueError:
            raise InvalidInputError(f"record_id '{raw_id}' is not a UUID") from None
    review_id = matcher.match({k: v for k, v in cells.items() if k in ("review_id", "review_name")})
    return _Planned(raw_id or new_id(), review_id, kind, True, cells, where)


def _values(
    plan: _Planned, persons: dict[str, str], by_label: dict[tuple[str, str], list[str]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    lowered = {k.casefold(): v for k, v in plan.cells.items()}
    for spec in plan.kind.fields:
        key = spec.name.casefold()
        if key not in lowered and (key + IDS) not in lowered:
            continue
        text = " ".join(str(lowered.get(key, "")).split())
        if not spec.is_reference:
            out[spec.id] = spec.parse(text)
            continue
        ids_text = " ".join(str(lowered.get(key + IDS, "")).split())
        if text.casefold() == NOT_STATED and not ids_text:
            out[spec.id] = NOT_STATED_VALUE
            continue
        ids: list[str] = []
        if ids_text:
            for part in (p.strip().lower() for p in ids_text.split(";")):
                if part and persons.get(part) != plan.review_id:
                    raise InvalidInputError(f"'{spec.name} ids': no person {part} in this review")
                if part:
                    ids.append(part)
        else:
            for part in (p.strip() for p in text.split(";")):
                if not part:
                    continue
                hits = by_label.get((plan.review_id, " ".join(part.split()).casefold()), [])
                if not hits:
                    raise InvalidInputError(f"'{spec.name}': no person '{part}' in this review")
                if len(hits) > 1:
                    raise InvalidInputError(
                        f"'{spec.name}': {len(hits)} persons are called '{part}'; "
                        f"give '{spec.name} ids'"
                    )
                ids.append(hits[0])
        if plan.record_id in ids:
            raise InvalidInputError(f"'{spec.name}': a person cannot refer to itself")
        if spec.type == "person" and len(ids) > 1:
            raise InvalidInputError(f"'{spec.name}' names one person, not {len(ids)}")
        ids = list(dict.fromkeys(ids))
        out[spec.id] = (ids[0] if ids else None) if spec.type == "person" else (ids or None)
    return out
