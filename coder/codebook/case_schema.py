"""The case-data schema: the kinds of record extracted from a review (people,
relationships, police contacts) and their typed fields, read from a YAML file.

```yaml
format: review-coder-case-data/1
title: Case data for police learning
source: where the fields come from
kinds:
  - id: 6f0c…            # a UUID: stable across projects (derived from the name if absent)
    name: person
    file: people         # the export's file name (people.csv)
    label: pseudonym     # the field that names a record in lists and spreadsheets
    match: [pseudonym]   # the fields that pair two coders' records for agreement
    description: …
    fields:
      - name: role
        type: choice     # text, integer, date, choice, choices, boolean, person, persons
        choices: [...]
        description: …
```

Fields are typed as review attributes are (``AttributeSpec``: "not stated" kept apart
from empty, dates with their precision), plus two reference types: ``person`` (one person
of the same review) and ``persons`` (several), stored as the persons' record UUIDs.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coder.codebook.attribute_set import TYPES, AttributeSpec
from coder.errors import InvalidInputError

FORMAT = "review-coder-case-data/1"
REFERENCE_TYPES = ("person", "persons")
FIELD_TYPES = (*TYPES, *REFERENCE_TYPES)
PERSON_KIND = "person"
_NAMESPACE = uuid.UUID("8d3f1c52-7a0e-4f0b-9a4e-31c2b7d5e6a1")


def derived_kind_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name.casefold()))


def derived_field_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind.casefold()}/{name.casefold()}"))


@dataclass
class FieldSpec(AttributeSpec):
    """A typed field of a kind of record. ``person``/``persons`` values are record ids."""

    position: int = 0

    @property
    def is_reference(self) -> bool:
        return self.type in REFERENCE_TYPES

    def parse(self, text: str) -> Any:
        if self.is_reference:
            raise InvalidInputError(f"'{self.name}' names persons; they are resolved by review")
        return super().parse(text)


@dataclass
class CaseKind:
    id: str
    name: str
    file: str
    fields: list[FieldSpec]
    label: str = ""  # the name of the field that names a record
    match: list[str] = field(default_factory=list)
    description: str = ""
    position: int = 0

    def field(self, name: str) -> FieldSpec | None:
        key = name.casefold()
        return next((f for f in self.fields if f.name.casefold() == key), None)


@dataclass
class CaseSchema:
    title: str
    kinds: list[CaseKind]
    source: str = ""

    def kind(self, name: str) -> CaseKind | None:
        key = name.casefold()
        return next((k for k in self.kinds if k.name.casefold() == key or k.file == key), None)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def file_name(name: str) -> str:
    """A kind's default export file name: its name in lower case, words joined by ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "records"


def _field(where: str, kind: str, item: Any, position: int) -> FieldSpec:
    if not isinstance(item, dict) or not _text(item.get("name")):
        raise InvalidInputError(f"{where}: a field of '{kind}' has no name")
    name = _text(item["name"])
    ftype = str(item.get("type", "text"))
    if ftype not in FIELD_TYPES:
        raise InvalidInputError(
            f"{where}: field '{kind}/{name}' has type '{ftype}'; "
            f"use one of {', '.join(FIELD_TYPES)}"
        )
    choices = [_text(c) for c in item.get("choices") or []]
    if ftype in ("choice", "choices") and not choices:
        raise InvalidInputError(f"{where}: field '{kind}/{name}' is a {ftype} with no choices")
    raw = item.get("id")
    try:
        fid = str(uuid.UUID(str(raw))) if raw else derived_field_id(kind, name)
    except ValueError:
        raise InvalidInputError(
            f"{where}: field '{kind}/{name}' has an id that is not a UUID"
        ) from None
    return FieldSpec(fid, name, ftype, choices, _text(item.get("description")), position)


def parse_case_schema(data: Any, where: str) -> CaseSchema:
    """A schema from parsed YAML. Raises InvalidInputError naming what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise InvalidInputError(f"{where}: a case-data schema needs a 'kinds' list")
    if data.get("format", FORMAT) != FORMAT:
        raise InvalidInputError(f"{where}: format '{data.get('format')}' is not {FORMAT}")
    kinds: list[CaseKind] = []
    for position, item in enumerate(data["kinds"]):
        if not isinstance(item, dict) or not _text(item.get("name")):
            raise InvalidInputError(f"{where}: a kind of record has no name")
        name = _text(item["name"])
        if any(k.name.casefold() == name.casefold() for k in kinds):
            raise InvalidInputError(f"{where}: kind '{name}' is defined twice")
        fields = [_field(where, name, f, i) for i, f in enumerate(item.get("fields") or [])]
        seen: set[str] = set()
        for f in fields:
            if f.name.casefold() in seen:
                raise InvalidInputError(f"{where}: field '{name}/{f.name}' is defined twice")
            seen.add(f.name.casefold())
        raw = item.get("id")
        try:
            kid = str(uuid.UUID(str(raw))) if raw else derived_kind_id(name)
        except ValueError:
            raise InvalidInputError(
                f"{where}: kind '{name}' has an id that is not a UUID"
            ) from None
        kind = CaseKind(
            kid,
            name,
            file_name(str(item.get("file") or name)),
            fields,
            _text(item.get("label")),
            [_text(m) for m in item.get("match") or []],
            _text(item.get("description")),
            position,
        )
        for named in [kind.label, *kind.match] if kind.label else kind.match:
            if kind.field(named) is None:
                raise InvalidInputError(f"{where}: kind '{name}' names no field '{named}'")
        kinds.append(kind)
    if any(f.is_reference for k in kinds for f in k.fields) and not any(
        k.name == PERSON_KIND for k in kinds
    ):
        raise InvalidInputError(f"{where}: fields refer to persons but there is no 'person' kind")
    files = [k.file for k in kinds]
    if len(set(files)) != len(files):
        raise InvalidInputError(f"{where}: two kinds are written to the same file")
    return CaseSchema(_text(data.get("title")) or where, kinds, _text(data.get("source")))


def load_case_schema(path: str | Path) -> CaseSchema:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise InvalidInputError(f"{path.name}: not a valid YAML file") from None
    return parse_case_schema(data, path.name)
