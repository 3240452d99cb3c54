"""Upgrading a project's review attributes to a newer attribute set, as codebooks upgrade.

Attributes match by id, then by name. A new attribute is added; a matched one takes the
set's description and choices, and every value a review has is kept: a choice the set no
longer has stays among the attribute's choices while a review uses it (and the report
says so). A text attribute may become a choice (or several choices): each value is read
as the choices it names, and a value that names none stays as a choice of its own. A
choice may become several choices. Any other change of type is not made, and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coder.codebook.attribute_set import LIST_SEP, AttributeSet, AttributeSpec, from_json
from coder.coding.reviews import add_attributes, added_attributes, list_attributes
from coder.ids import CoderId
from coder.project import attributes, changelog
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

_CONVERTIBLE = {("text", "choice"), ("text", "choices"), ("choice", "choices")}


@dataclass
class AttributeUpgrade:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # descriptions, choices or type changed
    kept_choices: dict[str, list[str]] = field(default_factory=dict)  # name -> kept choices
    type_kept: list[str] = field(default_factory=list)  # "name: a to b" not converted
    #: the attributes added and changed, with the values converted (for undo)
    edit: Edit = field(default_factory=Edit)

    def lines(self) -> list[str]:
        out = [f"{len(self.added)} attributes added, {len(self.updated)} updated"]
        for name, kept in self.kept_choices.items():
            out.append(
                f"  '{name}': kept {', '.join(repr(k) for k in kept)}, which the set no "
                "longer lists, because reviews use them"
            )
        for change in self.type_kept:
            out.append(f"  type not changed: {change} (values kept as they are)")
        return out


def _cells(project: Project, attribute_id: str) -> list[tuple[str, Any]]:
    return [
        (v.review_id, from_json(v.value)) for v in attributes.stated_values(project, attribute_id)
    ]


def _as_list(old_type: str, value: Any) -> list[str]:
    if old_type == "text":
        return [v.strip() for v in str(value).split(LIST_SEP.strip()) if v.strip()]
    return [str(value)]


def _canonical(text: str, choices: list[str]) -> str:
    return next((c for c in choices if c.casefold() == text.casefold()), text)


def upgrade_attributes(
    project: Project, attribute_set: AttributeSet, coder_id: CoderId | None
) -> AttributeUpgrade:
    """Bring the project's attributes up to ``attribute_set`` in one transaction; the
    report's ``edit`` is what it changed."""
    report = AttributeUpgrade()
    with project.write():
        now = utc_now()
        record = Recorder(project)
        have = list_attributes(project)
        by_id = {a.id: a for a in have}
        by_name = {a.name.casefold(): a for a in have}
        for spec in attribute_set.attributes:
            old = by_id.get(spec.id) or by_name.get(spec.name.casefold())
            if old is None:
                continue
            record.read(attributes.DEFINITIONS, [old.id])
            record.read(
                attributes.VALUES,
                [(v.review_id, old.id) for v in attributes.stated_values(project, old.id)],
            )
            _upgrade_one(project, old, spec, report, coder_id, now)
        added = add_attributes(project, attribute_set, coder_id)
        report.added = added_attributes(added)
        report.edit = record.edit() + added
    return report


def _upgrade_one(
    project: Project,
    old: AttributeSpec,
    spec: AttributeSpec,
    report: AttributeUpgrade,
    coder_id: CoderId | None,
    now: str,
) -> None:
    kind = old.type
    if spec.type != old.type:
        if (old.type, spec.type) in _CONVERTIBLE:
            kind = spec.type
        else:
            report.type_kept.append(f"'{old.name}': {old.type} to {spec.type}")
    cells = _cells(project, old.id)
    choices = list(old.choices)
    new_values: dict[str, Any] = {}
    if kind in ("choice", "choices"):
        choices = list(spec.choices) if spec.type == kind else list(old.choices)
        used: list[str] = []
        for review_id, value in cells:
            items = [str(v) for v in value] if old.type == "choices" else _as_list(old.type, value)
            items = [_canonical(i, choices) for i in items]
            used.extend(items)
            if kind != old.type:
                new_values[review_id] = items if kind == "choices" else items[0]
        kept = [u for u in dict.fromkeys(used) if u not in choices]
        if kept:
            choices.extend(kept)
            report.kept_choices[old.name] = kept
    description = spec.description or old.description
    if (kind, choices, description) == (old.type, old.choices, old.description):
        return
    attributes.update_attribute(project, old.id, kind, choices, description, now)
    for review_id, value in new_values.items():
        attributes.replace_value(project, review_id, old.id, value, now)
    changelog.log(
        project,
        coder_id,
        "update",
        "attribute",
        old.id,
        f"attribute '{old.name}' upgraded from an attribute set",
        {"type": kind, "choices": choices, "description": description},
        at=now,
    )
    report.updated.append(old.name)
