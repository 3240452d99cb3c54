"""Reviews and their attributes as REFI-QDA ``Variables``, ``Cases`` and ``Sets`` (part
of ``qdpx_export``).

Each attribute is a ``Variable`` whose ``Description`` ends with the line naming its
Review Coder type (and choices); each review a ``Case`` with its values, its documents as
``SourceRef``s, and its memos and "not stated" values in its ``Description``. The people
of the case data are cases of their own (``qdpx_people``). A review of several documents
is also a ``Set`` of its sources.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec
from coder.codebook.case_schema import FieldSpec
from coder.coding.reviews import attribute_values, list_attributes
from coder.exchange import qdpx_people
from coder.exchange.qdpx_names import NOT_STATED_LINE, TYPE_LINE, derived, el, text_el
from coder.exchange.qdpx_package import Package
from coder.project.reviews import Review
from coder.project.store import Project


def variable_type(spec: AttributeSpec | FieldSpec) -> str:
    return {"integer": "Integer", "boolean": "Boolean"}.get(spec.type, "Text")


def write_cases(
    root: ET.Element, project: Project, package: Package, reviews: list[Review]
) -> list[dict[str, Any]]:
    """``<Variables>`` and ``<Cases>`` (each only when there is something to put in it).
    Returns the people written (``qdpx_people.people``)."""
    specs = list_attributes(project)
    values = attribute_values(project)
    fields = qdpx_people.person_fields(project)
    persons = qdpx_people.people(project)
    if specs or (fields and persons):
        variables = el(root, "Variables")
        for spec in specs:
            var = el(
                variables,
                "Variable",
                {"guid": spec.id, "name": spec.name, "typeOfVariable": variable_type(spec)},
            )
            line = f"{TYPE_LINE} {spec.type}"
            if spec.choices:
                line += "; choices: " + " | ".join(spec.choices)
            text_el(var, "Description", "\n\n".join(p for p in (spec.description, line) if p))
        for field in fields if persons else []:
            var = el(
                variables,
                "Variable",
                {
                    "guid": field.id,
                    "name": qdpx_people.VARIABLE_PREFIX + field.name,
                    "typeOfVariable": variable_type(field),
                },
            )
            text_el(var, "Description", qdpx_people.variable_description(field))
    if not reviews:
        return persons
    cases = el(root, "Cases")
    for review in reviews:
        case = el(cases, "Case", {"guid": review.id, "name": review.name})
        mine = values.get(review.id, {})
        not_stated = [s.name for s in specs if mine.get(s.id) is NOT_STATED_VALUE]
        parts = package.memo_texts("review", review.id)
        if not_stated:
            parts.append(f"{NOT_STATED_LINE} " + " | ".join(not_stated))
        if parts:
            text_el(case, "Description", "\n\n".join(parts))
        for spec in specs:
            value = mine.get(spec.id)
            if value is None or spec.name in not_stated:
                continue
            vv = el(case, "VariableValue")
            el(vv, "VariableRef", {"targetGUID": spec.id})
            if spec.type == "integer":
                text_el(vv, "IntegerValue", str(int(value)))
            elif spec.type == "boolean":
                text_el(vv, "BooleanValue", "true" if value else "false")
            else:
                text_el(vv, "TextValue", spec.format(value))
        for doc_id in review.document_ids:
            el(case, "SourceRef", {"targetGUID": doc_id})
    documents_of = {r.id: r.document_ids for r in reviews}
    for person in persons:  # people of the reviews: cases of their own (qdpx_people)
        case = el(cases, "Case", {"guid": person["id"], "name": person["name"]})
        text_el(case, "Description", person["description"])
        for field, element, text in person["values"]:
            vv = el(case, "VariableValue")
            el(vv, "VariableRef", {"targetGUID": field.id})
            text_el(vv, element, text)
        for doc_id in documents_of.get(person["review_id"], ()):
            el(case, "SourceRef", {"targetGUID": doc_id})
    return persons


def write_sets(root: ET.Element, reviews: list[Review]) -> None:
    """Each review of several documents as a ``Set`` of its sources too (as ATLAS.ti
    groups documents; some readers need ``<Sets>``), besides its ``Case``."""
    several = [r for r in reviews if len(r.document_ids) > 1]
    if not several:
        return  # the schema allows <Sets> only with a Set in it
    sets = el(root, "Sets")
    for review in several:
        st = el(sets, "Set", {"guid": derived("set", review.id), "name": review.name})
        text_el(st, "Description", f"The documents of the review '{review.name}'.")
        for doc_id in review.document_ids:
            el(st, "MemberSource", {"targetGUID": doc_id})
