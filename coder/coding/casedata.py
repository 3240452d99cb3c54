"""Case data edits: loading the schema into a project, and adding, changing and deleting
records (people, relationships, police contacts) and the passages they come from.

Every edit is one transaction and returns a ``CaseEdit``: an ``Edit`` of the record it
touched (with its values and passages) that names the record, so the app's one undo
command puts ``before`` back and redo ``after``, with the same UUIDs throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, date_sort_key
from coder.codebook.case_schema import PERSON_KIND, CaseKind, CaseSchema, FieldSpec
from coder.coding.locate import geometry_for
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, DocumentId, new_id
from coder.project import casedata as repo
from coder.project import changelog, codings, documents, reviews
from coder.project.casedata import CaseLink, CaseRecord
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.screening import SETTINGS
from coder.project.store import Project
from coder.text.dates import find_contact_type, find_dash_grade, find_date

ENTITY = "case_record"
CONTACT_KIND = "police contact"


@dataclass(frozen=True)
class CaseEdit(Edit):
    """An ``Edit`` of one record (with its values and passages), naming the record."""

    record_id: str = ""


def _edit(record: Recorder, record_id: str) -> CaseEdit:
    edit = record.edit(Changes.of(**{ENTITY: [record_id]}))
    return CaseEdit(edit.changes, edit.before, edit.after, edit.rowids, record_id, moved=edit.moved)


def _recorder(project: Project, record_id: str) -> Recorder:
    record = Recorder(project)
    record.read(repo.RECORDS, [record_id], dependents=True)
    record.created(repo.RECORDS, [record_id])
    return record


@dataclass
class SchemaReport:
    """What loading a schema did: added kinds and fields, choices added to a field, and
    differences kept as the project has them."""

    title: str
    kinds_added: list[str] = field(default_factory=list)
    fields_added: list[str] = field(default_factory=list)  # "kind/field"
    choices_added: list[str] = field(default_factory=list)  # "kind/field: a, b"
    kept: list[str] = field(default_factory=list)  # differences left as the project has them
    #: the kinds and fields added and changed, and the schema's title (for undo)
    edit: Edit = field(default_factory=Edit)

    def lines(self) -> list[str]:
        out = [f"case-data schema '{self.title}'"]
        out += [f"  added kind: {k}" for k in self.kinds_added]
        out += [f"  added field: {f}" for f in self.fields_added]
        out += [f"  added choices: {c}" for c in self.choices_added]
        out += [f"  kept: {k}" for k in self.kept]
        if len(out) == 1:
            out.append("  already up to date")
        return out


# -- the schema ---------------------------------------------------------------------------


def load_schema(project: Project, schema: CaseSchema, coder_id: CoderId | None) -> SchemaReport:
    """Add the schema's kinds and fields the project lacks (matched by id, then name), and
    new choices to the fields it has; never removes a field, a choice or a value, nor
    changes a field's type. Returns what was done, with its ``edit``."""
    report = SchemaReport(schema.title)
    with project.write():
        now = utc_now()
        held = repo.project_schema(project)
        record = Recorder(project)
        record.read(SETTINGS, repo.META_KEYS)
        record.created(SETTINGS, repo.META_KEYS)
        record.read(repo.FIELDS, [f.id for k in held.kinds for f in k.fields])
        if not held.kinds or not held.title:
            repo.set_schema_meta(project, schema.title, schema.source)
        for kind in schema.kinds:
            mine = next((k for k in held.kinds if k.id == kind.id), None) or held.kind(kind.name)
            if mine is None:
                repo.insert_kind(project, kind, len(held.kinds) + len(report.kinds_added), now)
                record.created(repo.KINDS, [kind.id])
                for position, spec in enumerate(kind.fields):
                    repo.insert_field(project, kind.id, spec, position, now)
                record.created(repo.FIELDS, [spec.id for spec in kind.fields])
                report.kinds_added.append(kind.name)
                changelog.log(
                    project, coder_id, "create", "case_kind", kind.id, f"kind '{kind.name}'", at=now
                )
                continue
            for spec in kind.fields:
                have = next((f for f in mine.fields if f.id == spec.id), None) or mine.field(
                    spec.name
                )
                where = f"{mine.name}/{spec.name}"
                if have is None:
                    repo.insert_field(project, mine.id, spec, len(mine.fields), now)
                    record.created(repo.FIELDS, [spec.id])
                    mine.fields.append(spec)
                    report.fields_added.append(where)
                    changelog.log(project, coder_id, "create", "case_field", spec.id, where, at=now)
                    continue
                if have.type != spec.type:
                    report.kept.append(
                        f"{where} stays {have.type} (the file says {spec.type}); values kept"
                    )
                    continue
                new = [c for c in spec.choices if c not in have.choices]
                if new:
                    repo.update_field(
                        project, have.id, [*have.choices, *new], have.description, now
                    )
                    report.choices_added.append(f"{where}: {', '.join(new)}")
                    changelog.log(
                        project,
                        coder_id,
                        "update",
                        "case_field",
                        have.id,
                        f"{where}: choices added",
                        at=now,
                    )
            for have in mine.fields:
                if not any(
                    s.id == have.id or s.name.casefold() == have.name.casefold()
                    for s in kind.fields
                ):
                    report.kept.append(f"{mine.name}/{have.name} is not in the file; kept")
        report.edit = record.edit()
    return report


def schema_of(project: Project) -> CaseSchema:
    schema = repo.project_schema(project)
    if not schema.kinds:
        raise InvalidInputError(
            "this project has no case-data schema; load one first "
            "(review-coder casedata PROJECT --schema case-data)"
        )
    return schema


def kind_named(schema: CaseSchema, name: str) -> CaseKind:
    kind = schema.kind(name)
    if kind is None:
        raise InvalidInputError(
            f"the case-data schema has no kind '{name}' "
            f"(kinds: {', '.join(k.name for k in schema.kinds)})"
        )
    return kind


def kind_by_id(schema: CaseSchema, kind_id: str) -> CaseKind:
    for kind in schema.kinds:
        if kind.id == kind_id:
            return kind
    raise NotFoundError(f"no kind of record with id {kind_id}")


# -- reading ----------------------------------------------------------------------------------


def record_label(kind: CaseKind, record: CaseRecord, number: int) -> str:
    """What a record is called in lists: its label field's value, else "person 2"."""
    spec = kind.field(kind.label) if kind.label else None
    value = record.values.get(spec.id) if spec else None
    if spec is not None and value is not None and value is not NOT_STATED_VALUE:
        return spec.format(value)
    return f"{kind.name} {number}"


def person_labels(schema: CaseSchema, records: list[CaseRecord]) -> dict[str, str]:
    """Record id -> label for the persons among ``records`` (numbered within their review)."""
    kind = schema.kind(PERSON_KIND)
    out: dict[str, str] = {}
    if kind is None:
        return out
    counts: dict[str, int] = {}
    for record in records:
        if record.kind_id == kind.id:
            counts[record.review_id] = counts.get(record.review_id, 0) + 1
            out[record.id] = record_label(kind, record, counts[record.review_id])
    return out


def chronology(schema: CaseSchema, records: list[CaseRecord]) -> list[CaseRecord]:
    """A review's police contacts by date (undated last), then in the order they were made."""
    kind = schema.kind(CONTACT_KIND)
    if kind is None:
        return []
    date = kind.field("date")
    contacts = [r for r in records if r.kind_id == kind.id]

    def key(record: CaseRecord) -> tuple[int, str]:
        value = record.values.get(date.id) if date else None
        if isinstance(value, str):
            return (0, date_sort_key(value))
        return (1, "")

    return sorted(contacts, key=key)  # stable: ties keep the order records were made


# -- checking values ----------------------------------------------------------------------------


def check_value(
    project: Project, spec: FieldSpec, value: Any, review_id: str, record_id: str | None = None
) -> Any:
    """A value fit to store in ``spec`` for a record of ``review_id``: text is parsed,
    references must be persons of the same review. Raises InvalidInputError."""
    if value is None or value is NOT_STATED_VALUE:
        return value
    if spec.is_reference:
        ids = [value] if isinstance(value, str) else list(value)
        if spec.type == "person" and len(ids) != 1:
            raise InvalidInputError(f"'{spec.name}' names one person")
        persons = _persons(project, review_id)
        for person_id in ids:
            if person_id not in persons:
                raise InvalidInputError(f"'{spec.name}': no person {person_id} in this review")
            if person_id == record_id:
                raise InvalidInputError(f"'{spec.name}': a person cannot refer to itself")
        unique = list(dict.fromkeys(ids))
        return unique[0] if spec.type == "person" else unique
    if isinstance(value, str) and spec.type != "text":
        return spec.parse(value)
    spec.parse(spec.format(value))  # raises when it does not fit the type
    return value


def _persons(project: Project, review_id: str) -> set[str]:
    schema = repo.project_schema(project)
    kind = schema.kind(PERSON_KIND)
    if kind is None:
        return set()
    return {r.id for r in repo.list_records(project, review_id) if r.kind_id == kind.id}


# -- edits --------------------------------------------------------------------------------------


def add_record(
    project: Project,
    review_id: str,
    kind_id: str,
    values: dict[str, Any],
    coder_id: CoderId | None,
    links: list[CaseLink] | None = None,
    record_id: str | None = None,
) -> CaseEdit:
    """A new record of a review, with values by field id. Raises InvalidInputError,
    NotFoundError."""
    record_id = record_id or new_id()
    with project.write():
        schema = schema_of(project)
        kind = kind_by_id(schema, kind_id)
        if not reviews.exists(project, review_id):
            raise NotFoundError(f"no review with id {review_id}")
        if repo.get_record(project, record_id) is not None:
            raise InvalidInputError(f"a record with id {record_id} exists already")
        record = _recorder(project, record_id)
        now = utc_now()
        repo.insert_record(project, record_id, review_id, kind.id, coder_id, now)
        specs = {f.id: f for f in kind.fields}
        for field_id, value in values.items():
            if field_id not in specs:
                raise InvalidInputError(f"'{kind.name}' has no field {field_id}")
            spec = specs[field_id]
            repo.write_value(
                project, record_id, field_id, check_value(project, spec, value, review_id), now
            )
        for link in links or []:
            repo.insert_link(project, _placed(project, link, record_id, now))
        changelog.log(project, coder_id, "create", ENTITY, record_id, f"{kind.name} added", at=now)
        return _edit(record, record_id)


def set_value(
    project: Project, record_id: str, field_id: str, value: Any, coder_id: CoderId | None
) -> CaseEdit:
    """Set one field of a record: a typed value (or its text), NOT_STATED_VALUE, or None."""
    with project.write():
        record = _record(project, record_id)
        kind = kind_by_id(schema_of(project), record.kind_id)
        spec = next((f for f in kind.fields if f.id == field_id), None)
        if spec is None:
            raise NotFoundError(f"'{kind.name}' has no field {field_id}")
        value = check_value(project, spec, value, record.review_id, record_id)
        recorder = _recorder(project, record_id)
        now = utc_now()
        repo.write_value(project, record_id, field_id, value, now)
        repo.touch_record(project, record_id, now)
        shown = _shown(spec, value)
        changelog.log(
            project,
            coder_id,
            "update",
            ENTITY,
            record_id,
            f"{kind.name}: {spec.name}: {shown}",
            {field_id: shown},  # the field changed, for a merge's field-level rule
            at=now,
        )
        return _edit(recorder, record_id)


def _shown(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return "(empty)"
    if spec.is_reference and value is not NOT_STATED_VALUE:
        return "; ".join([value] if isinstance(value, str) else value)
    return spec.format(value)


def delete_record(project: Project, record_id: str, coder_id: CoderId | None) -> CaseEdit:
    """Delete a record. A person still named by another record is refused."""
    with project.write():
        record = _record(project, record_id)
        kind = kind_by_id(schema_of(project), record.kind_id)
        users = [r for r in repo.referring_records(project, record_id) if r != record_id]
        if users:
            raise InvalidInputError(
                f"this person is named in {len(users)} other record(s); "
                "remove them from those first"
            )
        recorder = _recorder(project, record_id)
        repo.delete_record(project, record_id)
        changelog.log(project, coder_id, "delete", ENTITY, record_id, f"{kind.name} deleted")
        return _edit(recorder, record_id)


def passage(
    project: Project, document_id: str, start: int, end: int, coding_id: str | None = None
) -> CaseLink:
    """A passage of a document's text (trimmed of outer whitespace) to link a record to."""
    geometry = geometry_for(project, document_id)
    if not 0 <= start < end <= len(geometry.text):
        raise InvalidInputError("select some text of the document first")
    start, end = geometry.trim(start, end)
    if end <= start:
        raise InvalidInputError("select some text of the document first")
    first, _last, _rects = geometry.locate(start, end)
    return CaseLink(
        new_id(),
        "",
        coding_id,
        DocumentId(document_id),
        start,
        end,
        first,
        geometry.text[start:end],
        "",
    )


def coding_passage(project: Project, coding_id: str) -> CaseLink:
    coding = codings.get_coding(project, coding_id)
    if coding is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    if coding.char_start is None or coding.char_end is None:
        raise InvalidInputError("an area coding has no text to link; link a text coding")
    return passage(project, coding.document_id, coding.char_start, coding.char_end, coding_id)


def _placed(project: Project, link: CaseLink, record_id: str, now: str) -> CaseLink:
    return CaseLink(
        link.id or new_id(),
        record_id,
        link.coding_id,
        link.document_id,
        link.char_start,
        link.char_end,
        link.page,
        link.quote,
        link.created_at or now,
    )


def link_passage(
    project: Project, record_id: str, link: CaseLink, coder_id: CoderId | None
) -> CaseEdit:
    """Link a record to a passage (from ``passage`` or ``coding_passage``)."""
    with project.write():
        record = _record(project, record_id)
        review_id = documents.review_id_of(project, link.document_id)
        if review_id is None or review_id != record.review_id:
            raise InvalidInputError("the passage is in another review than the record")
        if any(
            (ln.document_id, ln.char_start, ln.char_end)
            == (link.document_id, link.char_start, link.char_end)
            for ln in record.links
        ):
            raise InvalidInputError("the record is linked to that passage already")
        recorder = _recorder(project, record_id)
        now = utc_now()
        repo.insert_link(project, _placed(project, link, record_id, now))
        repo.touch_record(project, record_id, now)
        changelog.log(
            project,
            coder_id,
            "update",
            ENTITY,
            record_id,
            f"passage linked (p. {link.page})",
            at=now,
        )
        return _edit(recorder, record_id)


def unlink_passage(
    project: Project, record_id: str, link_id: str, coder_id: CoderId | None
) -> CaseEdit:
    with project.write():
        record = _record(project, record_id)
        if not any(ln.id == link_id for ln in record.links):
            raise NotFoundError(f"the record has no passage {link_id}")
        recorder = _recorder(project, record_id)
        now = utc_now()
        repo.delete_link(project, link_id)
        repo.touch_record(project, record_id, now)
        changelog.log(project, coder_id, "update", ENTITY, record_id, "passage unlinked", at=now)
        return _edit(recorder, record_id)


def contact_from_selection(
    project: Project,
    document_id: str,
    start: int,
    end: int,
    coder_id: CoderId | None,
    coding_id: str | None = None,
) -> CaseEdit:
    """A police contact of the document's review, linked to the selected passage, with its
    date, contact type and DASH grade filled in when the passage gives them."""
    with project.write():
        schema = schema_of(project)
        kind = kind_named(schema, CONTACT_KIND)
        link = passage(project, document_id, start, end, coding_id)
        review_id = documents.review_id_of(project, document_id)
        if review_id is None:  # the geometry may be cached for a document since deleted
            raise NotFoundError(f"no document with id {document_id}")
        values: dict[str, Any] = {}
        date = kind.field("date")
        if date is not None and date.type == "date":
            found = find_date(link.quote)
            if found:
                values[date.id] = found
        for name, finder in (("contact type", find_contact_type), ("DASH grade", find_dash_grade)):
            spec = kind.field(name)
            if spec is not None and spec.type == "choice":
                found = finder(link.quote, spec.choices)
                if found:
                    values[spec.id] = found
        return add_record(project, review_id, kind.id, values, coder_id, [link])


def _record(project: Project, record_id: str) -> CaseRecord:
    record = repo.get_record(project, record_id)
    if record is None:
        raise NotFoundError(f"no case record with id {record_id}")
    return record
