"""Review attributes: their types, values and the YAML file that defines a set of them.

```yaml
format: review-coder-attributes/1
title: Case review attributes
attributes:
  - name: review type
    type: choice          # text, integer, date, choice, choices, boolean
    choices: [DHR, CSPR, …]
    description: …
```

Every attribute can also be *not stated* (the review does not say), which is kept apart
from *empty* (nobody has recorded it yet). Values are stored as JSON: text and choice as
a string, integer as a number, date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (its
precision: year, month or day) with a trailing ``~`` when the source gives it only
approximately (the ISO 8601-2 / EDTF mark), choices as a list of strings, boolean as
true/false.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coder.errors import InvalidInputError

FORMAT = "review-coder-attributes/1"
TYPES = ("text", "integer", "date", "choice", "choices", "boolean")
NOT_STATED = "not stated"
LIST_SEP = "; "
_NAMESPACE = uuid.UUID("0b7f5f9e-5d1a-4b7e-9a51-2f3c6de0a1c4")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~?)$")
# "c. 2021", "about 2021-03", "~2021": the same approximate date, written as "2021~"
_APPROX_PREFIX = re.compile(r"^(?:~|c\.?|ca\.?|circa|about|approx\.?|approximately)\s*", re.I)
DATE_PRECISIONS = ("day", "month", "year", "approximate")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class NotStated:
    """The value 'not stated'."""

    def __repr__(self) -> str:
        return "NOT_STATED"


NOT_STATED_VALUE = NotStated()


@dataclass
class AttributeSpec:
    id: str
    name: str
    type: str
    choices: list[str] = field(default_factory=list)
    description: str = ""

    def parse(self, text: str) -> Any:
        """A cell's text as a value: None for empty, NOT_STATED_VALUE, or the typed value.
        Raises InvalidInputError saying what was expected."""
        text = " ".join(str(text).split())
        if not text:
            return None
        if text.casefold() == NOT_STATED:
            return NOT_STATED_VALUE
        if self.type == "text":
            return text
        if self.type == "integer":
            if not re.fullmatch(r"-?\d+", text):
                raise InvalidInputError(f"'{self.name}' needs a whole number, not '{text}'")
            return int(text)
        if self.type == "date":
            return parse_date(text, self.name)
        if self.type == "boolean":
            if text.casefold() in _YES:
                return True
            if text.casefold() in _NO:
                return False
            raise InvalidInputError(f"'{self.name}' needs yes or no, not '{text}'")
        if self.type == "choice":
            return self._choice(text)
        values = [self._choice(v) for v in (p.strip() for p in text.split(";")) if v]
        return sorted(set(values), key=values.index)

    def _choice(self, text: str) -> str:
        for choice in self.choices:
            if choice.casefold() == text.casefold():
                return choice
        raise InvalidInputError(
            f"'{self.name}' has no choice '{text}' (choices: {', '.join(self.choices)})"
        )

    def format(self, value: Any) -> str:
        """A value as a cell's text."""
        if value is None:
            return ""
        if value is NOT_STATED_VALUE:
            return NOT_STATED
        if self.type == "boolean":
            return "yes" if value else "no"
        if self.type == "choices":
            return LIST_SEP.join(value)
        return str(value)


def parse_date(text: str, name: str = "date") -> str:
    """A date as stored: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with ``~`` after it when
    approximate (``c. 2021`` and ``~2021`` are read as ``2021~``). Raises InvalidInputError."""
    text = text.strip()
    approx = _APPROX_PREFIX.match(text)
    core = text[approx.end() :] if approx else text
    m = _DATE.match(core)
    if not m or not _valid_date(*m.groups()[:3]) or (approx and m.group(4)):
        raise InvalidInputError(
            f"'{name}' needs a date as YYYY, YYYY-MM or YYYY-MM-DD (add ~ when approximate), "
            f"not '{text}'"
        )
    return core if not approx else core + "~"


def date_precision(value: str) -> str:
    """``day``, ``month``, ``year``, or ``approximate`` for a stored date."""
    if value.endswith("~"):
        return "approximate"
    return ("year", "month", "day")[value.count("-")]


def date_sort_key(value: str) -> str:
    """Dates sort by what they say (``2021`` before ``2021-03`` before ``2021-03-04``)."""
    return value.rstrip("~")


def _valid_date(year: str, month: str | None, day: str | None) -> bool:
    import datetime

    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@dataclass
class AttributeSet:
    title: str
    attributes: list[AttributeSpec]
    source: str = ""


def derived_attribute_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name.casefold()))


def load_attribute_set(path: str | Path) -> AttributeSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise InvalidInputError(f"{path.name}: not a valid YAML file") from None
    if not isinstance(data, dict) or not isinstance(data.get("attributes"), list):
        raise InvalidInputError(f"{path.name}: an attribute set needs an 'attributes' list")
    if data.get("format", FORMAT) != FORMAT:
        raise InvalidInputError(f"{path.name}: format '{data.get('format')}' is not {FORMAT}")
    specs, names = [], set()
    for item in data["attributes"]:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise InvalidInputError(f"{path.name}: an attribute has no name")
        name = " ".join(str(item["name"]).split())
        kind = str(item.get("type", "text"))
        if kind not in TYPES:
            raise InvalidInputError(
                f"{path.name}: '{name}' has type '{kind}'; use one of {', '.join(TYPES)}"
            )
        choices = [str(c) for c in item.get("choices") or []]
        if kind in ("choice", "choices") and not choices:
            raise InvalidInputError(f"{path.name}: '{name}' is a {kind} with no choices")
        if name.casefold() in names:
            raise InvalidInputError(f"{path.name}: '{name}' is defined twice")
        names.add(name.casefold())
        raw_id = item.get("id")
        attr_id = str(uuid.UUID(str(raw_id))) if raw_id else derived_attribute_id(name)
        specs.append(
            AttributeSpec(
                attr_id, name, kind, choices, " ".join(str(item.get("description") or "").split())
            )
        )
    return AttributeSet(str(data.get("title") or path.stem), specs, str(data.get("source") or ""))
