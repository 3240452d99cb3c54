"""Framework files: a named set of categories that codes map to, with its citation and how
far it is verified.

```yaml
format: review-coder-framework/1
name: Four areas of police activity
citation: where the categories come from
status: verified            # verified, partly verified, unverified, entered by user
description: what the framework is for, and any caveat
categories:
  - id: 6c1…                # a UUID; derived from the name when left out
    name: Identifying and managing risk
    description: …
    codes: [1b4d9692-…]     # the codes mapped here (their sub-codes count with them)
```

A code can map to several categories, and a category can be empty until a team enters it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coder.errors import InvalidInputError

FORMAT = "review-coder-framework/1"
STATUSES = ("verified", "partly verified", "unverified", "entered by user")
_NAMESPACE = uuid.UUID("3d0f8f0e-8e0c-4e55-9a0b-2b8f1f6c7a11")
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class CategorySpec:
    id: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    id: str
    name: str
    citation: str = ""
    status: str = "unverified"
    description: str = ""
    categories: list[CategorySpec] = field(default_factory=list)


def _uuid(text: Any, name: str, what: str) -> str:
    try:
        return str(uuid.UUID(str(text).strip().strip("{}")))
    except ValueError:
        raise InvalidInputError(f"{name}: {what} has an id that is not a UUID") from None


def load_framework(path: str | Path) -> FrameworkSpec:
    """Read a framework file. Raises InvalidInputError naming the file and what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name}: larger than 5 MB; is it a framework?")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name}: not UTF-8 text") from None
    return parse_framework(text, path.name)


def parse_framework(text: str, name: str = "framework") -> FrameworkSpec:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise InvalidInputError(f"{name}: not valid YAML") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInputError(f"{name}: not a framework file (format: {FORMAT})")
    title = str(data.get("name") or "").strip()
    if not title:
        raise InvalidInputError(f"{name}: a framework needs a name")
    status = str(data.get("status") or "unverified")
    if status not in STATUSES:
        raise InvalidInputError(f"{name}: status '{status}' is not one of {', '.join(STATUSES)}")
    raw = data.get("categories") or []
    if not isinstance(raw, list):
        raise InvalidInputError(f"{name}: 'categories' must be a list")
    categories: list[CategorySpec] = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise InvalidInputError(f"{name}: a category has no name")
        cname = str(item["name"]).strip()
        if any(c.name == cname for c in categories):
            raise InvalidInputError(f"{name}: two categories are named '{cname}'")
        cid = (
            _uuid(item["id"], name, f"'{cname}'")
            if item.get("id") is not None
            else str(uuid.uuid5(_NAMESPACE, f"{title}\n{cname}"))
        )
        mapped = item.get("codes") or []
        if not isinstance(mapped, list):
            raise InvalidInputError(f"{name}: the codes of '{cname}' must be a list of code ids")
        categories.append(
            CategorySpec(
                cid,
                cname,
                " ".join(str(item.get("description") or "").split()),
                [_uuid(c, name, f"a code of '{cname}'") for c in mapped],
            )
        )
    fid = (
        _uuid(data["id"], name, "the framework")
        if data.get("id") is not None
        else str(uuid.uuid5(_NAMESPACE, title))
    )
    return FrameworkSpec(
        fid,
        title,
        " ".join(str(data.get("citation") or "").split()),
        status,
        " ".join(str(data.get("description") or "").split()),
        categories,
    )


def dump_framework(spec: FrameworkSpec) -> str:
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": spec.id,
        "name": spec.name,
        "citation": spec.citation,
        "status": spec.status,
        "description": spec.description,
        "categories": [
            {"id": c.id, "name": c.name, "description": c.description, "codes": list(c.codes)}
            for c in spec.categories
        ],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def shipped_frameworks_dir(codebooks: Path) -> Path:
    return codebooks / "frameworks"
