"""The names Review Coder's REFI-QDA files use: written by the export (``qdpx_export``)
and recognised again by the import (``qdpx_import``).

The ``Effect`` and ``Judgement`` folders and their codes have the same GUIDs in every file
(derived from a fixed namespace), so an import tells them from the codebook; explains
links are ``Link``s named ``explains``; a variable's type and a case's "not stated" values
travel as lines of their ``Description``s. ``el`` and ``text_el`` make elements in the
project namespace.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("0f4b7a52-5d61-4c55-9a9e-2b8e61c0de75")
EFFECT_FOLDER = str(uuid.uuid5(_NAMESPACE, "effect"))
EFFECT_CODES = {
    "supports": (str(uuid.uuid5(_NAMESPACE, "effect:supports")), "Supports practice"),
    "hinders": (str(uuid.uuid5(_NAMESPACE, "effect:hinders")), "Hinders practice"),
}
EFFECT_NAME = "Effect"
JUDGEMENT_FOLDER = str(uuid.uuid5(_NAMESPACE, "judgement"))
JUDGEMENT_CODES = {
    "good_practice": (str(uuid.uuid5(_NAMESPACE, "judgement:good_practice")), "Good practice"),
    "missed_opportunity": (
        str(uuid.uuid5(_NAMESPACE, "judgement:missed_opportunity")),
        "Missed opportunity",
    ),
}
JUDGEMENT_NAME = "Judgement"
EXPLAINS = "explains"
TYPE_LINE = "Review Coder type:"
NOT_STATED_LINE = "Not stated:"


def derived(*parts: str) -> str:
    """A GUID for what has no id of its own (a selection, a set, a representation),
    the same each time the same thing is exported."""
    return str(uuid.uuid5(_NAMESPACE, ":".join(parts)))


def el(parent: ET.Element | None, tag: str, attrs: dict[str, Any] | None = None) -> ET.Element:
    """An element of the project namespace (under ``parent`` when given); attributes that
    are None or empty are left out."""
    clean = {k: str(v) for k, v in (attrs or {}).items() if v not in (None, "")}
    if parent is None:
        return ET.Element(f"{{{NS}}}{tag}", clean)
    return ET.SubElement(parent, f"{{{NS}}}{tag}", clean)


def text_el(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """A child element holding ``text``."""
    child = el(parent, tag)
    child.text = text
    return child
