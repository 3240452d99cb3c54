"""Case data in a REFI-QDA export: people as ``Case``s (part of ``qdpx_export``).

REFI-QDA carries entities as cases with variable values linked to sources, so each person
of a review becomes a ``Case`` named ``review: pseudonym`` with its fields as
``VariableValue``s (variables named ``person: <field>``) and the review's documents as
``SourceRef``s. Its description says it is a person of Review Coder case data (and which
fields are "not stated"), so an import can tell it from a review. Relationships and police
contacts have no place in the standard: the export leaves them out and says so.
"""

from __future__ import annotations

from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.codebook.case_schema import PERSON_KIND, FieldSpec
from coder.coding.casedata import person_labels
from coder.project import casedata as repo
from coder.project import reviews
from coder.project.store import Project

PERSON_LINE = "Review Coder case data: a person of review"
FIELD_LINE = "Review Coder case-data field:"
VARIABLE_PREFIX = "person: "


def person_fields(project: Project) -> list[FieldSpec]:
    kind = repo.project_schema(project).kind(PERSON_KIND)
    return list(kind.fields) if kind else []


def variable_description(spec: FieldSpec) -> str:
    line = f"{FIELD_LINE} person/{spec.name} ({spec.type})"
    if spec.choices:
        line += "; choices: " + " | ".join(spec.choices)
    return "\n\n".join(p for p in (spec.description, line) if p)


def people(project: Project) -> list[dict[str, Any]]:
    """Each person: ``id``, ``name`` (review: label), ``review_id``, ``description`` and
    ``values`` as (field, REFI element, text) for the stated ones."""
    schema = repo.project_schema(project)
    kind = schema.kind(PERSON_KIND)
    if kind is None:
        return []
    records = repo.list_records(project)
    labels = person_labels(schema, records)
    names: dict[str, str] = {r.id: r.name for r in reviews.list_reviews(project)}
    out = []
    # by review; within one, in the order they were made (list_records: time, then rowid;
    # never by the random UUID, which made people made in one millisecond swap places)
    for record in sorted(records, key=lambda r: names.get(r.review_id, "")):
        if record.kind_id != kind.id:
            continue
        review = names.get(record.review_id, "")
        not_stated = [f.name for f in kind.fields if record.values.get(f.id) is NOT_STATED_VALUE]
        description = f"{PERSON_LINE} '{review}'"
        if not_stated:
            description += "\n\nNot stated: " + " | ".join(not_stated)
        values = []
        for spec in kind.fields:
            value = record.values.get(spec.id)
            if value is None or value is NOT_STATED_VALUE:
                continue
            if spec.type == "integer":
                values.append((spec, "IntegerValue", str(int(value))))
            elif spec.type == "boolean":
                values.append((spec, "BooleanValue", "true" if value else "false"))
            elif spec.is_reference:
                ids = [value] if isinstance(value, str) else value
                values.append((spec, "TextValue", "; ".join(labels.get(i, i) for i in ids)))
            else:
                values.append((spec, "TextValue", spec.format(value)))
        out.append(
            {
                "id": record.id,
                "name": f"{review}: {labels[record.id]}",
                "review_id": record.review_id,
                "description": description,
                "values": values,
            }
        )
    return out


def left_out(project: Project) -> list[str]:
    """What case data REFI-QDA has no place for: every kind but people, counted."""
    schema = repo.project_schema(project)
    counts: dict[str, int] = {}
    for record in repo.list_records(project):
        counts[record.kind_id] = counts.get(record.kind_id, 0) + 1
    return [
        f"{counts[k.id]} case-data records of kind '{k.name}'"
        for k in schema.kinds
        if k.name != PERSON_KIND and counts.get(k.id)
    ]
