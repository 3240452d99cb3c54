"""Codebook files in YAML (the format is documented in the README).

```yaml
format: review-coder-codebook/1
title: Police learning from case reviews
source: where the categories come from
description: what the codebook is for
codes:
  - id: 3f0c…            # a UUID; stable across projects, so codings pool and merge
    name: Identifying and managing risk
    colour: "#1f77b4"
    definition: …
    when_to_use: …
    when_not_to_use: …
    example: …
    codable: true        # false for a folder that only groups codes
    judgement: true      # codings here take a practice judgement (inherited by sub-codes)
    effect: false        # codings here take a systems effect (supports / hinders)
    split_into: [id, …]  # a code a later version split: its codings are flagged to recode
    children: [ … ]
```

A code without an ``id`` gets one derived from the codebook's title and the code's path
(UUID version 5), so two projects loading the same file still share code ids.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from coder.codebook.model import DEFINITION_FIELDS, Codebook, CodeSpec
from coder.codebook.paths import join_path
from coder.errors import InvalidInputError

FORMAT = "review-coder-codebook/1"
_NAMESPACE = uuid.UUID("6f1c2a4e-52c1-4c59-9a3b-7d0e3c1b8a90")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_BYTES = 5 * 1024 * 1024
# libyaml's safe loader when PyYAML has it: the same documents, about ten times faster
# (a 10,000-code codebook parses in a fraction of a second instead of five)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def derived_id(title: str, path: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{title}\n{path}"))


def load_yaml(path: str | Path) -> Codebook:
    """Read a YAML codebook. Raises InvalidInputError naming the file and the bad code."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"{path.name}: larger than 5 MB; is it a codebook?")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name}: not UTF-8 text") from None
    return parse_yaml(text, path.name)


def parse_yaml(text: str, name: str = "codebook") -> Codebook:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InvalidInputError(f"{name}: not valid YAML{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise InvalidInputError(f"{name}: a codebook needs a 'codes' list")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise InvalidInputError(f"{name}: format '{fmt}' is not {FORMAT}")
    title = str(data.get("title") or Path(name).stem)
    seen: set[str] = set()
    codes = [_code(item, title, (), name, seen) for item in data["codes"]]
    book = Codebook(title, codes, str(data.get("source") or ""), str(data.get("description") or ""))
    for path, spec in ((join_path([*p, c.name]), c) for p, c in book.walk()):
        missing = next((s for s in spec.split_into if s not in seen), None)
        if missing:
            raise InvalidInputError(f"{name}: '{path}' splits into {missing}, not in this file")
    return book


def _code(item: Any, title: str, parents: tuple[str, ...], name: str, seen: set[str]) -> CodeSpec:
    where = join_path([*parents, str(item.get("name", "?"))]) if isinstance(item, dict) else "?"
    if not isinstance(item, dict) or not str(item.get("name") or "").strip():
        raise InvalidInputError(
            f"{name}: a code under '{join_path(list(parents)) or 'the top'}' has no name"
        )
    code_name = str(item["name"]).strip()
    raw_id = item.get("id")
    if raw_id is None:
        code_id = derived_id(title, where)
    else:
        try:
            code_id = str(uuid.UUID(str(raw_id).strip().strip("{}")))
        except ValueError:
            raise InvalidInputError(f"{name}: '{where}' has an id that is not a UUID") from None
    if code_id in seen:
        raise InvalidInputError(f"{name}: the id of '{where}' is used twice")
    seen.add(code_id)
    colour = item.get("colour", item.get("color"))
    if colour is not None and not _COLOUR.match(str(colour)):
        raise InvalidInputError(f"{name}: '{where}' has colour '{colour}'; use #rrggbb")
    children = item.get("children") or []
    if not isinstance(children, list):
        raise InvalidInputError(f"{name}: the children of '{where}' must be a list")
    spec = CodeSpec(
        code_id,
        code_name,
        str(colour).lower() if colour else None,
        codable=bool(item.get("codable", True)),
    )
    for f in DEFINITION_FIELDS:
        value = item.get(f)
        setattr(spec, f, " ".join(str(value).split()) if value is not None else "")
    for flag in ("judgement", "effect"):
        value = item.get(flag)
        if value is not None and not isinstance(value, bool):
            raise InvalidInputError(f"{name}: '{where}' has {flag}: {value}; use true or false")
        setattr(spec, flag, value)
    split = item.get("split_into") or []
    if not isinstance(split, list):
        raise InvalidInputError(f"{name}: the split_into of '{where}' must be a list of ids")
    try:
        spec.split_into = [str(uuid.UUID(str(s).strip().strip("{}"))) for s in split]
    except ValueError:
        raise InvalidInputError(f"{name}: '{where}' splits into an id that is not a UUID") from None
    names = Counter(str(c.get("name") or "").strip() for c in children if isinstance(c, dict))
    twice = next((n for n, k in names.items() if n and k > 1), None)
    if twice:
        raise InvalidInputError(f"{name}: '{where}' has two sub-codes named '{twice}'")
    for child in children:
        spec.children.append(_code(child, title, (*parents, code_name), name, seen))
    return spec


def dump_yaml(codebook: Codebook) -> str:
    def code(c: CodeSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"id": c.id, "name": c.name}
        if c.colour:
            out["colour"] = c.colour
        for f in DEFINITION_FIELDS:
            if getattr(c, f):
                out[f] = getattr(c, f)
        if not c.codable:
            out["codable"] = False
        for flag in ("judgement", "effect"):
            if getattr(c, flag) is not None:
                out[flag] = getattr(c, flag)
        if c.split_into:
            out["split_into"] = list(c.split_into)
        if c.children:
            out["children"] = [code(ch) for ch in c.children]
        return out

    data: dict[str, Any] = {"format": FORMAT, "title": codebook.title}
    if codebook.source:
        data["source"] = codebook.source
    if codebook.description:
        data["description"] = codebook.description
    data["codes"] = [code(c) for c in codebook.codes]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
