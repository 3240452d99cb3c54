"""Pooled case data: the tables of several projects together, and counts of people and
contacts with their denominators.

**The denominators rule.** A share of people is always given with its denominator: the
people of the group counted (for example every victim or subject of a review), in how
many reviews, whatever each says about the field. Those whose review does not state the
field ("not stated") and those for whom nobody recorded it (empty) stay in the
denominator and are counted apart, never dropped: "victims with a mental-health
vulnerability: 23 of 61 victims in 58 reviews; not stated in 14, not recorded in 2".
``share`` is of the whole group, ``share_of_stated`` of those with a value. A person
extracted by two coders counts once per coder: name one coder (or the consensus) when
reviews were double-extracted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from coder.analysis.casedata_tables import kind_header, kind_rows
from coder.analysis.pool import unique_labels
from coder.codebook.attribute_set import LIST_SEP, NOT_STATED
from coder.codebook.case_schema import PERSON_KIND, CaseKind
from coder.coding.casedata import CONTACT_KIND, schema_of
from coder.coding.reviews import list_attributes
from coder.errors import InvalidInputError
from coder.project.store import Project

ROLE = "role"
COUNT_COLUMNS = (
    "field",
    "value",
    "people_with",
    "people",
    "reviews",
    "not_stated",
    "not_recorded",
    "share",
    "share_of_stated",
    "group",
)
CONTACT_COLUMNS = (
    "project",
    "review_id",
    "review_name",
    "contact_type",
    "practice_judgement",
    "contacts",
)


@dataclass
class CaseTable:
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def column(self, name: str) -> list[Any]:
        i = self.header.index(name)
        return [r[i] for r in self.rows]


def pooled_table(
    projects: list[Project],
    kind_name: str,
    coders: list[str] | None = None,
    labels: list[str] | None = None,
) -> CaseTable:
    """One kind's rows from every project (the export's columns, ``project`` first; the
    ``attr:`` columns are the union, in first-seen order). ``coders`` keeps only the records
    those coders extracted."""
    labels = labels or unique_labels([p.path for p in projects])
    per_project = []
    fixed: list[str] = []
    attrs: list[str] = []
    for project in projects:
        schema = schema_of(project)
        kind = schema.kind(kind_name)
        if kind is None:
            continue
        names = [a.name for a in list_attributes(project)]
        head = kind_header(kind, names)
        own_fixed = [h for h in head if not h.startswith("attr:")]
        fixed += [h for h in own_fixed if h not in fixed]
        attrs += [h for h in head if h.startswith("attr:") and h not in attrs]
        per_project.append((project, schema, kind, head))
    header = ["project", *fixed, *attrs]
    table = CaseTable(header)
    wanted = set(coders) if coders else None
    for project, schema, kind, head in per_project:
        label = labels[projects.index(project)]
        for row in kind_rows(project, schema, kind):
            cells = dict(zip(head, row, strict=True))
            if wanted is not None and cells["coder"] not in wanted:
                continue
            table.rows.append([label, *(cells.get(h, "") for h in header[1:])])
    return table


def _stated_values(spec_type: str, cell: str) -> list[str]:
    if spec_type == "choices":
        return [v for v in cell.split(LIST_SEP) if v]
    return [cell] if cell else []


def person_counts(
    projects: list[Project],
    group: str | None = None,
    fields: list[str] | None = None,
    coders: list[str] | None = None,
) -> CaseTable:
    """For every value of each choice, several-choice and yes/no field of a person (or the
    named ``fields``): how many people of ``group`` (a role; ``None`` for everyone) have it,
    of how many people in how many reviews, with "not stated" and not recorded apart.
    Raises InvalidInputError for an unknown role or field."""
    people = pooled_table(projects, PERSON_KIND, coders)
    kind = _person_kind(projects)
    role = kind.field(ROLE)
    if group is not None and (role is None or group not in role.choices):
        choices = ", ".join(role.choices) if role else "none"
        raise InvalidInputError(f"no role '{group}' (roles: {choices})")
    specs = [f for f in kind.fields if f.type in ("choice", "choices", "boolean")]
    if fields:
        unknown = [n for n in fields if kind.field(n) is None]
        if unknown:
            raise InvalidInputError(f"a person has no field '{unknown[0]}'")
        specs = [kind.field(n) for n in fields]  # type: ignore[misc]
    rows = [
        dict(zip(people.header, r, strict=True))
        for r in people.rows
        if group is None or r[people.header.index(ROLE)] == group
    ]
    n = len(rows)
    reviews = len({(r["project"], r["review_id"]) for r in rows})
    table = CaseTable(list(COUNT_COLUMNS))
    for spec in specs:
        cells = [r.get(spec.name, "") for r in rows]
        not_stated = sum(c == NOT_STATED for c in cells)
        empty = sum(c == "" for c in cells)
        stated = n - not_stated - empty
        counts: Counter[str] = Counter()
        for c in cells:
            if c != NOT_STATED:
                counts.update(set(_stated_values(spec.type, c)))
        values = spec.choices if spec.type != "boolean" else ["yes", "no"]
        if spec.type not in ("choice", "choices", "boolean"):
            values = sorted(counts)
        for value in values:
            with_it = counts[value]
            table.rows.append(
                [
                    spec.name,
                    value,
                    with_it,
                    n,
                    reviews,
                    not_stated,
                    empty,
                    with_it / n if n else None,
                    with_it / stated if stated else None,
                    group or "everyone",
                ]
            )
    return table


def describe(row: list[Any], noun: str = "people") -> str:
    """A count row as a sentence: "vulnerabilities = mental health: 23 of 61 victims in 58
    reviews; not stated in 14, not recorded in 2"."""
    r = dict(zip(COUNT_COLUMNS, row, strict=True))
    text = (
        f"{r['field']} = {r['value']}: {r['people_with']} of {r['people']} {noun} "
        f"in {r['reviews']} review{'s' if r['reviews'] != 1 else ''}"
    )
    apart = []
    if r["not_stated"]:
        apart.append(f"not stated in {r['not_stated']}")
    if r["not_recorded"]:
        apart.append(f"not recorded in {r['not_recorded']}")
    return text + ("; " + ", ".join(apart) if apart else "")


def contact_counts(projects: list[Project], coders: list[str] | None = None) -> CaseTable:
    """Police contacts per review by contact type and practice judgement (one row per
    review, type and judgement that occur; "not stated" and empty are values of their own,
    written ``not stated`` and ``(not recorded)``)."""
    contacts = pooled_table(projects, CONTACT_KIND, coders)
    h = contacts.header
    counts: Counter[tuple[str, str, str, str, str]] = Counter()
    for r in contacts.rows:
        cells = dict(zip(h, r, strict=True))
        counts[
            (
                cells["project"],
                cells["review_id"],
                cells["review_name"],
                cells.get("contact type") or "(not recorded)",
                cells.get("practice judgement") or "(not recorded)",
            )
        ] += 1
    order = sorted(counts, key=lambda k: (k[0], k[2], k[1], k[3], k[4]))
    return CaseTable(list(CONTACT_COLUMNS), [[*k, counts[k]] for k in order])


def summary(projects: list[Project], coders: list[str] | None = None) -> dict[str, Any]:
    """Totals for a pooled analysis: reviews with case data, people (by role), relationships,
    contacts (by type and judgement); "not stated" and not recorded counted apart."""
    out: dict[str, Any] = {}
    reviews: set[tuple[str, str]] = set()
    for kind_name, key in (
        (PERSON_KIND, "people"),
        ("relationship", "relationships"),
        (CONTACT_KIND, "contacts"),
    ):
        table = pooled_table(projects, kind_name, coders)
        rows = [dict(zip(table.header, r, strict=True)) for r in table.rows]
        reviews |= {(r["project"], r["review_id"]) for r in rows}
        entry: dict[str, Any] = {
            "total": len(rows),
            "reviews": len({(r["project"], r["review_id"]) for r in rows}),
        }
        for field_name in {
            "people": ["role"],
            "contacts": ["contact type", "practice judgement"],
        }.get(key, ["type"]):
            entry[f"by {field_name}"] = dict(
                sorted(Counter(r.get(field_name) or "(not recorded)" for r in rows).items())
            )
        out[key] = entry
    return {"reviews": len(reviews), **out}


def _person_kind(projects: list[Project]) -> CaseKind:
    for project in projects:
        kind = schema_of(project).kind(PERSON_KIND)
        if kind is not None:
            return kind
    raise InvalidInputError("no project here has a 'person' kind in its case-data schema")
