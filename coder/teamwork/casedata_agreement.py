"""Agreement between two coders who extracted case data from the same reviews.

Records are paired within a review and kind by the kind's ``match`` fields (a person by
pseudonym; a relationship by its two persons, each by pseudonym; a contact by date): two
records pair when their match values are equal (ignoring case and spacing), in the order
they were made when several share them. Records without a partner are listed as
extracted by one coder only. Each other field is then compared over the pairs:

- choice, several choices and yes/no fields: percent agreement and Cohen's kappa, with
  every distinct value a category ("not stated" and empty are categories of their own;
  several choices are one category per set ticked);
- dates, numbers, text and persons: the exact-match rate (percent agreement); kappa is
  ``None`` there, with a note.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

from coder.codebook.attribute_set import NOT_STATED, NOT_STATED_VALUE
from coder.codebook.case_schema import CaseKind, CaseSchema, FieldSpec
from coder.coding.casedata import person_labels, schema_of
from coder.errors import InvalidInputError
from coder.project import casedata as repo
from coder.project import coders as coder_repo
from coder.project import reviews as review_repo
from coder.project.casedata import CaseRecord
from coder.project.store import Project

CATEGORICAL = ("choice", "choices", "boolean")
EXACT_ONLY = "kappa is for choice and yes/no fields; this field is compared by exact match"
NO_VARIATION = "undefined: every value is the same, so chance agreement is total"
NO_UNITS = "undefined: no records of this kind were paired"


def nominal_kappa(pairs: list[tuple[str, str]]) -> tuple[float | None, str | None]:
    """Cohen's kappa for two coders' categories on the same units (exact arithmetic)."""
    n = len(pairs)
    if n == 0:
        return None, NO_UNITS
    a = Counter(x for x, _ in pairs)
    b = Counter(y for _, y in pairs)
    observed = Fraction(sum(x == y for x, y in pairs), n)
    expected = Fraction(sum(a[k] * b[k] for k in a), n * n)
    if expected == 1:
        return None, NO_VARIATION
    return float((observed - expected) / (1 - expected)), None


def _category(spec: FieldSpec, value: Any, labels: dict[str, str]) -> str:
    if value is None:
        return ""
    if value is NOT_STATED_VALUE:
        return NOT_STATED
    if spec.is_reference:
        ids = [value] if isinstance(value, str) else list(value)
        return "; ".join(sorted(labels.get(i, i).casefold() for i in ids))
    if spec.type == "choices":
        return "; ".join(sorted(value))
    if spec.type == "text":
        return " ".join(str(value).split()).casefold()
    return spec.format(value)


def _key(kind: CaseKind, record: CaseRecord, labels: dict[str, str]) -> tuple[str, ...] | None:
    out = []
    for name in kind.match:
        spec = kind.field(name)
        if spec is None:
            return None
        out.append(_category(spec, record.values.get(spec.id), labels))
    return tuple(out)


def case_agreement(project: Project, coders: list[str], kinds: list[str] | None = None) -> dict:
    """The agreement report (see the module docstring and the README) between two coders.
    Raises InvalidInputError for an unknown coder or kind, or not two coders."""
    if len(coders) != 2 or coders[0] == coders[1]:
        raise InvalidInputError("case-data agreement compares two coders: name two")
    ids = []
    for name in coders:
        found = coder_repo.find_coder(project, name)
        if found is None:
            raise InvalidInputError(f"no coder '{name}' in this project")
        ids.append(found.id)
    schema: CaseSchema = schema_of(project)
    chosen = [k for k in schema.kinds if not kinds or k.name in kinds or k.file in kinds]
    if kinds and len(chosen) != len(set(kinds)):
        raise InvalidInputError(
            f"no such kind among {', '.join(kinds)} (kinds: "
            f"{', '.join(k.name for k in schema.kinds)})"
        )
    records = repo.list_records(project)
    labels = person_labels(schema, records)
    names: dict[str, str] = {r.id: r.name for r in review_repo.list_reviews(project)}
    # reviews both coders extracted anything from: the units come only from those
    by_coder: dict[str, set[str]] = {i: set() for i in ids}
    for r in records:
        if r.coder_id in by_coder:
            by_coder[r.coder_id].add(r.review_id)
    shared = sorted(by_coder[ids[0]] & by_coder[ids[1]], key=lambda r: (names.get(r, ""), r))
    report: dict[str, Any] = {
        "coders": list(coders),
        "reviews": [{"review_id": r, "review": names.get(r, "")} for r in shared],
        "not_double_extracted": [
            {
                "review_id": r,
                "review": names.get(r, ""),
                "extracted_by": [c for c, i in zip(coders, ids, strict=True) if r in by_coder[i]],
            }
            for r in sorted(
                by_coder[ids[0]] ^ by_coder[ids[1]], key=lambda r: (names.get(r, ""), r)
            )
        ],
        "kinds": [],
    }
    for kind in chosen:
        pairs: list[tuple[CaseRecord, CaseRecord]] = []
        unpaired: list[dict[str, str]] = []
        for review in shared:
            mine = [r for r in records if r.kind_id == kind.id and r.review_id == review]
            side = [[r for r in mine if r.coder_id == i] for i in ids]
            wanted: dict[tuple[str, ...] | None, list[CaseRecord]] = {}
            for r in side[1]:
                wanted.setdefault(_key(kind, r, labels), []).append(r)
            for r in side[0]:
                partners = wanted.get(_key(kind, r, labels))
                if partners:
                    pairs.append((r, partners.pop(0)))
                else:
                    unpaired.append(_only(r, coders[0], names))
            for rest in wanted.values():
                unpaired += [_only(r, coders[1], names) for r in rest]
        fields = []
        for spec in kind.fields:
            if spec.name in kind.match:
                continue
            values = [
                (
                    _category(spec, a.values.get(spec.id), labels),
                    _category(spec, b.values.get(spec.id), labels),
                )
                for a, b in pairs
            ]
            agree = sum(x == y for x, y in values)
            entry: dict[str, Any] = {
                "field": spec.name,
                "type": spec.type,
                "units": len(values),
                "agreements": agree,
                "percent_agreement": agree / len(values) if values else None,
            }
            if not values:
                entry["percent_agreement_note"] = NO_UNITS
            if spec.type in CATEGORICAL:
                kappa, note = nominal_kappa(values)
            else:
                kappa, note = None, EXACT_ONLY
            entry["cohen_kappa"] = kappa
            if note:
                entry["cohen_kappa_note"] = note
            fields.append(entry)
        report["kinds"].append(
            {
                "kind": kind.name,
                "paired": len(pairs),
                "only_one_coder": sorted(unpaired, key=lambda u: (u["review"], u["record_id"])),
                "fields": fields,
            }
        )
    return report


def _only(record: CaseRecord, coder: str, names: dict[str, str]) -> dict[str, str]:
    return {
        "record_id": record.id,
        "review_id": record.review_id,
        "review": names.get(record.review_id, ""),
        "coder": coder,
    }
