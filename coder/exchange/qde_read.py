"""Reading a REFI-QDA project document (``project.qde``) into plain records.

Defensive like the codebook reader: no DTDs or entities, bounded size; GUIDs in any case
or braces; elements in the standard's namespace or none."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from coder.codebook.qdc import local, parse_xml
from coder.errors import InvalidInputError
from coder.ids import normalise_uuid

MAX_QDE = 512 * 1024 * 1024


@dataclass
class QCode:
    guid: str
    name: str
    colour: str | None
    codable: bool
    description: str
    parent: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class QCoding:
    guid: str
    code: str
    user: str | None
    created: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class QSelection:
    guid: str
    kind: str  # 'text' or 'pdf'
    start: int = 0
    end: int = 0
    page: int = 0
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    user: str | None = None
    created: str | None = None
    description: str = ""
    name: str = ""  # what some tools write there: the quote, or a label
    codings: list[QCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: int = 0  # Coding elements without a CodeRef to a GUID


@dataclass
class QSource:
    guid: str
    kind: str  # 'text', 'pdf' or another tag, not imported
    name: str
    path: str  # plainTextPath of a text source, path of a PDF
    content: str | None  # PlainTextContent, when inline
    user: str | None
    created: str | None
    selections: list[QSelection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    representation: QSource | None = None
    description: str = ""
    values: list[tuple[str, str, str]] = field(default_factory=list)  # as QCase.values
    unreadable_values: int = 0  # VariableValue elements without a VariableRef

    def codings(self) -> int:
        """Every Coding element in it, its representation's included."""
        own = sum(len(x.codings) + x.unreadable for x in self.selections)
        return own + (self.representation.codings() if self.representation else 0)


@dataclass
class QVariable:
    guid: str
    name: str
    type: str
    description: str


@dataclass
class QCase:
    guid: str
    name: str
    description: str
    values: list[tuple[str, str, str]]  # variable guid, value element, text
    sources: list[str]
    unreadable_values: int = 0  # VariableValue elements without a VariableRef


@dataclass
class QSet:
    guid: str
    name: str
    description: str
    sources: list[str]
    others: int  # members that are codes or notes


@dataclass
class QNote:
    guid: str
    name: str
    path: str
    content: str | None
    user: str | None
    created: str | None
    selection: tuple[int, int] | None = None  # an annotation's range in the source it is on


@dataclass
class QProject:
    name: str
    origin: str
    users: dict[str, str] = field(default_factory=dict)
    codes: list[QCode] = field(default_factory=list)
    variables: list[QVariable] = field(default_factory=list)
    cases: list[QCase] = field(default_factory=list)
    sources: list[QSource] = field(default_factory=list)
    notes: dict[str, QNote] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[QLink] = field(default_factory=list)
    description: str = ""  # the project memo, as QualCoder writes it
    sets: list[QSet] = field(default_factory=list)


@dataclass
class QLink:
    guid: str
    name: str
    origin: str | None
    target: str | None


def _guid(value: str | None, what: str) -> str:
    try:
        return normalise_uuid(value or "")
    except ValueError:
        raise InvalidInputError(f"{what} has guid '{value}', not a GUID") from None


def _opt_guid(value: str | None) -> str | None:
    try:
        return normalise_uuid(value) if value else None
    except ValueError:
        return None


def _int(el, name: str) -> int:
    try:
        return int(el.get(name, ""))
    except ValueError:
        raise InvalidInputError(
            f"<{local(el.tag)}> {el.get('guid')}: {name} is '{el.get(name)}', not a number"
        ) from None


def _children(el, tag: str) -> list:
    return [c for c in el if local(c.tag) == tag]


def _child_text(el, tag: str) -> str:
    found = _children(el, tag)
    return (found[0].text or "") if found else ""


def _note_refs(el) -> list[str]:
    return [g for g in (_opt_guid(n.get("targetGUID")) for n in _children(el, "NoteRef")) if g]


def read_qde(data: bytes, name: str) -> QProject:
    if len(data) > MAX_QDE:
        raise InvalidInputError(f"{name}: larger than {MAX_QDE // 2**20} MB; refused")
    root = parse_xml(data, name, limit=MAX_QDE)
    if local(root.tag) != "Project":
        raise InvalidInputError(f"{name}: not a REFI-QDA project (root <{local(root.tag)}>)")
    project = QProject(root.get("name") or name, root.get("origin") or "")
    for el in root:
        tag = local(el.tag)
        if tag == "Users":
            for u in _children(el, "User"):
                guid = _guid(u.get("guid"), "a user")
                label = u.get("name") or u.get("id") or guid[:8]
                _refuse_second(name, "users", guid, project.users.get(guid), label)
                project.users[guid] = label
        elif tag == "CodeBook":
            for codes in _children(el, "Codes"):
                for c in _children(codes, "Code"):
                    _read_code(c, None, project.codes)
        elif tag == "Variables":
            for v in _children(el, "Variable"):
                project.variables.append(
                    QVariable(
                        _guid(v.get("guid"), "a variable"),
                        v.get("name") or "",
                        v.get("typeOfVariable") or "Text",
                        _child_text(v, "Description"),
                    )
                )
        elif tag == "Cases":
            for c in _children(el, "Case"):
                project.cases.append(_read_case(c))
        elif tag == "Sources":
            for s in el:
                project.sources.append(_read_source(s))
        elif tag == "Notes":
            for n in _children(el, "Note"):
                guid = _guid(n.get("guid"), "a note")
                if guid in project.notes:
                    _refuse_second(name, "notes", guid, project.notes[guid].name, n.get("name"))
                content = _children(n, "PlainTextContent")
                where = _children(n, "PlainTextSelection")
                project.notes[guid] = QNote(
                    guid,
                    n.get("name") or "",
                    n.get("plainTextPath") or "",
                    (content[0].text or "") if content else None,
                    _opt_guid(n.get("creatingUser") or n.get("modifyingUser")),
                    n.get("creationDateTime") or n.get("modifiedDateTime"),
                    (_int(where[0], "startPosition"), _int(where[0], "endPosition"))
                    if where
                    else None,
                )
        elif tag == "Links":
            for link in _children(el, "Link"):
                project.links.append(
                    QLink(
                        _guid(link.get("guid"), "a link"),
                        link.get("name") or "",
                        _opt_guid(link.get("originGUID")),
                        _opt_guid(link.get("targetGUID")),
                    )
                )
        elif tag == "Sets":
            for st in _children(el, "Set"):
                members = [
                    g
                    for g in (_opt_guid(m.get("targetGUID")) for m in _children(st, "MemberSource"))
                    if g
                ]
                project.sets.append(
                    QSet(
                        _guid(st.get("guid"), "a set"),
                        st.get("name") or "",
                        _child_text(st, "Description"),
                        members,
                        len(st) - len(members) - len(_children(st, "Description")),
                    )
                )
        elif tag == "Description":
            project.description = el.text or ""
        elif tag == "Graphs":
            if len(el):
                project.warnings.append(f"{len(el)} {tag.lower()} were not imported")
        elif tag == "NoteRef":
            ref = _opt_guid(el.get("targetGUID"))
            if ref:
                project.project_notes.append(ref)
    _refuse_shared_guids(project, name)
    _renumber_sources_and_codings(project)
    return project


def _refuse_second(name: str, kind: str, guid: str, first: str | None, label: str | None):
    if first is not None:
        raise InvalidInputError(
            f"{name}: two {kind} ('{first}' and '{label or ''}') have the GUID {guid}; what "
            "refers to it cannot be told apart: fix the file in the program that wrote it"
        )


def _refuse_shared_guids(project: QProject, name: str) -> None:
    """Users, codes, variables, cases and notes are referred to by GUID: when two share
    one, what a reference means cannot be told, so the file is refused."""
    kinds: list[tuple[str, list[tuple[str, str]]]] = [
        ("codes", [(c.guid, c.name) for c in project.codes]),
        ("variables", [(v.guid, v.name) for v in project.variables]),
        ("cases", [(c.guid, c.name) for c in project.cases]),
    ]
    for kind, items in kinds:
        first: dict[str, str] = {}
        for guid, label in items:
            _refuse_second(name, kind, guid, first.get(guid), label)
            first[guid] = label


def _renumber_sources_and_codings(project: QProject) -> None:
    """A source or a coding whose GUID an earlier one has gets a new one, said in the
    report: a source's selections and codings sit inside it, so nothing is lost."""
    seen: dict[str, str] = {}
    for source in project.sources:
        for s in (source, source.representation):
            if s is None:
                continue
            if s.guid in seen:
                old, s.guid = s.guid, str(uuid.uuid4())
                if s is source:
                    project.warnings.append(
                        f"source '{s.name}' has the GUID of source '{seen[old]}' ({old}): "
                        "imported under a new one, with its codings; references to that "
                        f"GUID mean '{seen[old]}'"
                    )
            seen.setdefault(s.guid, s.name)
    codings: set[str] = set()
    renumbered = 0
    for source in project.sources:
        for s in (source, source.representation):
            for sel in s.selections if s is not None else ():
                for c in sel.codings:
                    if c.guid in codings:
                        c.guid = str(uuid.uuid4())
                        renumbered += 1
                    codings.add(c.guid)
    if renumbered:
        project.warnings.append(
            f"{renumbered} codings had the GUID of another coding: imported under new ones"
        )


def _read_code(el, parent: str | None, out: list[QCode]) -> None:
    name = (el.get("name") or "").strip()
    guid = _guid(el.get("guid"), f"code '{name}'")
    if not name:
        raise InvalidInputError(f"the code with guid {guid} has no name")
    colour = el.get("color")
    codable = (el.get("isCodable") or "true").strip().lower() in ("true", "1")
    out.append(
        QCode(guid, name, colour, codable, _child_text(el, "Description"), parent, _note_refs(el))
    )
    for child in _children(el, "Code"):
        _read_code(child, guid, out)


def _read_values(el) -> tuple[list[tuple[str, str, str]], int]:
    """An element's VariableValues as (variable guid, value element, text), one per
    VariableValue (an empty value has the element "" and the text ""), and how many
    have no VariableRef to a GUID."""
    values, unreadable = [], 0
    for vv in _children(el, "VariableValue"):
        ref = _children(vv, "VariableRef")
        target = _opt_guid(ref[0].get("targetGUID")) if ref else None
        if not target:
            unreadable += 1
            continue
        found = [v for v in vv if local(v.tag) != "VariableRef"]
        if found:
            values.append((target, local(found[0].tag), (found[0].text or "").strip()))
        else:
            values.append((target, "", ""))
    return values, unreadable


def _read_case(el) -> QCase:
    values, unreadable = _read_values(el)
    sources = [g for g in (_opt_guid(s.get("targetGUID")) for s in _children(el, "SourceRef")) if g]
    return QCase(
        _guid(el.get("guid"), "a case"),
        el.get("name") or "",
        _child_text(el, "Description"),
        values,
        sources,
        unreadable,
    )


def _read_codings(el) -> list[QCoding]:
    """The Codings with a CodeRef to a GUID (the rest are counted by the caller)."""
    out = []
    for c in _children(el, "Coding"):
        ref = _children(c, "CodeRef")
        code = _opt_guid(ref[0].get("targetGUID")) if ref else None
        if code:
            out.append(
                QCoding(
                    _guid(c.get("guid"), "a coding"),
                    code,
                    _opt_guid(c.get("creatingUser")),
                    c.get("creationDateTime"),
                    _note_refs(c),
                )
            )
    return out


def _read_selection(el, kind: str) -> QSelection:
    sel = QSelection(
        _guid(el.get("guid"), "a selection"),
        kind,
        user=_opt_guid(el.get("creatingUser")),
        created=el.get("creationDateTime"),
        description=_child_text(el, "Description").strip(),
        name=el.get("name") or "",
        codings=_read_codings(el),
        notes=_note_refs(el),
    )
    sel.unreadable = len(_children(el, "Coding")) - len(sel.codings)
    if kind == "text":
        sel.start, sel.end = _int(el, "startPosition"), _int(el, "endPosition")
    else:
        sel.page = _int(el, "page")
        sel.box = tuple(_int(el, a) for a in ("firstX", "firstY", "secondX", "secondY"))  # type: ignore[assignment]
    return sel


def _read_source(el) -> QSource:
    tag = local(el.tag)
    kind = {"TextSource": "text", "PDFSource": "pdf"}.get(tag, tag)
    content = _children(el, "PlainTextContent")
    source = QSource(
        _guid(el.get("guid"), f"source '{el.get('name')}'"),
        kind,
        el.get("name") or "",
        el.get("plainTextPath") or el.get("path") or "",
        content[0].text or "" if content else None,
        _opt_guid(el.get("creatingUser")),
        el.get("creationDateTime"),
        notes=_note_refs(el),
        description=_child_text(el, "Description").strip(),
    )
    source.values, source.unreadable_values = _read_values(el)
    for s in _children(el, "PlainTextSelection"):
        source.selections.append(_read_selection(s, "text"))
    for s in _children(el, "PDFSelection"):
        source.selections.append(_read_selection(s, "pdf"))
    rep = _children(el, "Representation")
    if rep:
        source.representation = _read_source(rep[0])
        source.representation.kind = "text"
    return source
