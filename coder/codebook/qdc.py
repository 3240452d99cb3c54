"""REFI-QDA codebooks (``.qdc``), read by NVivo, ATLAS.ti, MAXQDA and QualCoder.

Reading is defensive: no DTDs (so no external entities and no entity expansion), a
bounded size, GUIDs in any case or in braces. A code's definition fields travel in its
``<Description>``: the definition, then "When to use:", "When not to use:" and
"Example:" paragraphs, which other tools show as text and this one reads back.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from coder._version import __version__
from coder.codebook.model import Codebook, CodeSpec
from coder.errors import InvalidInputError

NS = "urn:QDA-XML:codebook:1.0"
MAX_BYTES = 20 * 1024 * 1024
_LABELS = (
    ("when_to_use", "When to use:"),
    ("when_not_to_use", "When not to use:"),
    ("example", "Example:"),
)
_RGB = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_xml(data: bytes, name: str, limit: int = MAX_BYTES):
    """Parse untrusted XML. Raises InvalidInputError for DTDs, entities, oversize, bad XML
    or elements nested deeper than ``MAX_DEPTH``."""
    if len(data) > limit:
        raise InvalidInputError(f"{name}: larger than {limit // 2**20} MB; refused")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InvalidInputError(
            f"{name}: declares a DTD or entities, which REFI-QDA files never need; refused "
            "for safety"
        ) from None
    except ET.ParseError as exc:
        raise InvalidInputError(f"{name}: not well-formed XML ({exc})") from None
    if _deeper_than(root, MAX_DEPTH):
        raise InvalidInputError(
            f"{name}: elements (codes within codes) nested more than {MAX_DEPTH} levels deep; "
            "refused: flatten the codebook in the program that wrote it"
        )
    return root


#: Deeper nesting is refused before anything walks the tree recursively. Real codebooks
#: are a few levels deep; a project document adds about eight levels around its codes.
MAX_DEPTH = 200


def _deeper_than(root, limit: int) -> bool:
    """Whether elements nest more than ``limit`` levels (the root alone is one), found
    without recursion."""
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in el)
    return False


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def compose_description(code: CodeSpec) -> str:
    parts = [code.definition] if code.definition else []
    parts += [f"{label} {getattr(code, f)}" for f, label in _LABELS if getattr(code, f)]
    return "\n\n".join(parts)


def split_description(text: str, code: CodeSpec) -> None:
    rest = []
    for para in re.split(r"\n\s*\n", text.strip()):
        for f, label in _LABELS:
            if para.startswith(label):
                setattr(code, f, para[len(label) :].strip())
                break
        else:
            rest.append(para.strip())
    code.definition = "\n\n".join(p for p in rest if p)


def read_qdc(data: bytes, name: str = "codebook.qdc") -> Codebook:
    root = parse_xml(data, name)
    if local(root.tag) != "CodeBook":
        raise InvalidInputError(f"{name}: not a REFI-QDA codebook (root <{local(root.tag)}>)")
    warnings: list[str] = []
    codes_el = next((c for c in root if local(c.tag) == "Codes"), None)
    if codes_el is None:
        raise InvalidInputError(f"{name}: has no <Codes>")
    for child in root:
        if local(child.tag) == "Sets":
            if len(child) == 0:
                warnings.append("an empty <Sets/> (not valid REFI-QDA) was ignored")
            else:
                warnings.append(f"{len(child)} code set(s) were not imported")
    seen: set[str] = set()
    codes = [read_code(el, name, seen) for el in codes_el if local(el.tag) == "Code"]
    if not codes:
        raise InvalidInputError(f"{name}: the codebook has no codes")
    title = root.get("origin") or name
    return Codebook(
        title=name.rsplit(".", 1)[0],
        codes=codes,
        source=f"imported from {name} ({title})",
        warnings=warnings,
    )


def read_code(el, name: str, seen: set[str]) -> CodeSpec:
    code_name = (el.get("name") or "").strip()
    guid = el.get("guid") or ""
    try:
        code_id = str(uuid.UUID(guid.strip().strip("{}")))
    except ValueError:
        raise InvalidInputError(
            f"{name}: code '{code_name}' has guid '{guid}', not a GUID"
        ) from None
    if not code_name:
        raise InvalidInputError(f"{name}: the code with guid {guid} has no name")
    if code_id in seen:
        raise InvalidInputError(f"{name}: guid {guid} is used by two codes")
    seen.add(code_id)
    codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
    colour = el.get("color")
    if colour and _RGB.match(colour):
        colour = colour.lower()
        if len(colour) == 4:
            colour = "#" + "".join(ch * 2 for ch in colour[1:])
    else:
        colour = None
    spec = CodeSpec(code_id, code_name, colour, codable=codable)
    for child in el:
        tag = local(child.tag)
        if tag == "Description" and child.text:
            split_description(child.text, spec)
        elif tag == "Code":
            spec.children.append(read_code(child, name, seen))
    return spec


def write_qdc(codebook: Codebook) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": f"Review Coder {__version__}"})
    codes_el = ET.SubElement(root, f"{{{NS}}}Codes")

    def add(parent, code: CodeSpec) -> None:
        attrs = {
            "guid": code.id,
            "name": code.name,
            "isCodable": "true" if code.codable else "false",
        }
        if code.colour:
            attrs["color"] = code.colour.upper()
        el = ET.SubElement(parent, f"{{{NS}}}Code", attrs)
        text = compose_description(code)
        if text:
            ET.SubElement(el, f"{{{NS}}}Description").text = text
        for child in code.children:
            add(el, child)

    for code in codebook.codes:
        add(codes_el, code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
