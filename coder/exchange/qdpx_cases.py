"""REFI-QDA variables and cases into attributes and reviews (part of ``qdpx_import``).

A variable's Review Coder type and choices come back from the line the export writes in its
description; a case's "not stated" values and memos from its description."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec
from coder.errors import CoderError
from coder.exchange.qde_read import QProject
from coder.exchange.qdpx_export import NOT_STATED_LINE, TYPE_LINE
from coder.project import memos
from coder.project.clock import utc_now
from coder.project.store import Project

_TYPES = {"Text": "text", "Integer": "integer", "Boolean": "boolean", "Date": "date"}
_PARAGRAPHS = re.compile(r"\n\s*\n")


def import_variables(
    project: Project, q: QProject, counts: dict[str, int], missing: Callable[[str], None]
) -> dict[str, AttributeSpec]:
    """The file's variables as attributes, by variable GUID."""
    specs: dict[str, AttributeSpec] = {}
    now = utc_now()
    taken: set[str] = set()
    for i, v in enumerate(q.variables):
        kind, choices = _TYPES.get(v.type, "text"), []
        lines = []
        for para in _PARAGRAPHS.split(v.description.strip()):
            if para.startswith(TYPE_LINE):
                bits = para[len(TYPE_LINE) :].split("; choices:", 1)
                kind = bits[0].strip() or kind
                if len(bits) > 1:
                    choices = [c.strip() for c in bits[1].split("|") if c.strip()]
            elif para:
                lines.append(para)
        description = "\n\n".join(lines)
        name = v.name.strip() or f"variable {i + 1}"
        if name.casefold() in taken:
            missing(f"variable '{name}': a second variable of that name; not imported")
            continue
        taken.add(name.casefold())
        project.conn.execute(
            "INSERT INTO attributes (id, name, type, choices, description, position, "
            "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [v.guid, name, kind, json.dumps(choices, ensure_ascii=False), description, i, now, now],
        )
        specs[v.guid] = AttributeSpec(v.guid, name, kind, choices, description)
        counts["attributes"] += 1
    return specs


def import_cases(
    project: Project,
    q: QProject,
    doc_of: dict[str, str],
    specs: dict[str, AttributeSpec],
    counts: dict[str, int],
    missing: Callable[[str], None],
) -> None:
    """Each case as a review of its documents, with its values and memos."""
    conn = project.conn
    now = utc_now()
    placed: set[str] = set()
    for case in q.cases:
        docs = [doc_of[s] for s in case.sources if s in doc_of]
        docs = [d for d in docs if d not in placed]
        if not docs:
            if case.values or case.name:
                missing(f"case '{case.name}': none of its sources was imported; skipped")
            continue
        placed.update(docs)
        old = {
            r[0]
            for d in docs
            for r in conn.execute("SELECT review_id FROM documents WHERE id = ?", [d])
        }
        name = (
            case.name
            or conn.execute("SELECT title FROM documents WHERE id = ?", [docs[0]]).fetchone()[0]
        )
        conn.execute(
            "INSERT INTO reviews (id, name, created_at, modified_at) VALUES (?, ?, ?, ?)",
            [case.guid, name, now, now],
        )
        for d in docs:
            conn.execute("UPDATE documents SET review_id = ? WHERE id = ?", [case.guid, d])
        for r in old:
            conn.execute(
                "DELETE FROM reviews WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM documents WHERE review_id = ?)",
                [r, r],
            )
        counts["reviews"] += 1
        not_stated: set[str] = set()
        for para in _PARAGRAPHS.split(case.description.strip()):
            if para.startswith(NOT_STATED_LINE):
                not_stated = {n.strip() for n in para[len(NOT_STATED_LINE) :].split("|")}
            elif para.strip():
                memos.insert_memo(project, "review", case.guid, None, para.strip(), now)
                counts["memos"] += 1
        for var_guid, element, text in case.values:
            spec = specs.get(var_guid)
            if spec is None:
                continue
            try:
                value = _value(spec, element, text)
            except CoderError as exc:
                missing(f"case '{name}', {spec.name}: {exc}; not imported")
                continue
            if value is None:
                continue
            conn.execute(
                "INSERT OR REPLACE INTO attribute_values (review_id, attribute_id, value, "
                "not_stated, modified_at) VALUES (?, ?, ?, 0, ?)",
                [case.guid, spec.id, json.dumps(value, ensure_ascii=False), now],
            )
        for spec in specs.values():
            if spec.name in not_stated:
                conn.execute(
                    "INSERT OR REPLACE INTO attribute_values (review_id, attribute_id, value, "
                    "not_stated, modified_at) VALUES (?, ?, NULL, 1, ?)",
                    [case.guid, spec.id, now],
                )


def _value(spec: AttributeSpec, element: str, text: str) -> Any:
    if element == "BooleanValue":
        return text.lower() in ("true", "1")
    if element == "IntegerValue" and spec.type == "integer":
        return int(text)
    parsed = spec.parse(text)
    return None if parsed is NOT_STATED_VALUE else parsed
