"""Writing a project as a REFI-QDA project (``.qdpx``), for NVivo, ATLAS.ti, MAXQDA,
QualCoder and archives.

What goes where (the README's "REFI-QDA exchange" is the user's version):
- coders → ``Users``; the codebook → ``CodeBook`` (ids kept as GUIDs), with a folder
  ``Effect`` holding ``Supports practice`` and ``Hinders practice``;
- attributes → ``Variables``; reviews → ``Cases`` (values, and their documents as
  ``SourceRef``s; review memos and "not stated" values in the case's ``Description``);
- a PDF → ``PDFSource`` (``sources/<GUID>.pdf``) with its stored text as the
  ``Representation`` (``sources/<GUID>.txt``); text codings → ``PlainTextSelection``s of
  that representation (code points, end exclusive); area codings → ``PDFSelection``s
  (integer PDF points, origin at the bottom-left of the MediaBox; ``page`` counts from 0,
  as the specification's example and QualCoder do, and ``origin`` says so);
- a plain-text document → ``TextSource`` with its text (``plainTextPath`` only);
- codings on the same range with the same effect and judgement share a selection, one
  ``Coding`` each; an effect is one more ``Coding`` of the matching ``Effect`` code on that
  selection, and a judgement one more of the matching ``Judgement`` code;
- explains links → ``Links`` (``name="explains"``, one way, from the factor coding's GUID
  to the practice coding's);
- memos → ``Notes`` (``sources/<GUID>.txt``), referred to from the project, the code, the
  coding or the document they are on, each with a name of its own;
- a review of several documents → also a ``Set`` of its sources.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

from coder._version import __version__
from coder.atomic import replacing
from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec
from coder.codebook.model import CodeSpec
from coder.codebook.qdc import compose_description
from coder.coding.codebooks import project_codebook
from coder.coding.reviews import attribute_values, list_attributes
from coder.errors import InvalidInputError
from coder.exchange import qdpx_people, qdpx_recommendations
from coder.exchange.archive import write_qdpx
from coder.exchange.qdpx_frame import PAGES_FROM_ZERO
from coder.exchange.qdpx_people import person_fields
from coder.progress import NO_PROGRESS, Part, Progress
from coder.project import coders, codes, codings, documents, links, memos, reviews
from coder.project.records import Coding, Memo
from coder.project.store import Project
from coder.project.summary import row_counts

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
    return str(uuid.uuid5(_NAMESPACE, ":".join(parts)))


def _el(parent: ET.Element | None, tag: str, attrs: dict[str, Any] | None = None) -> ET.Element:
    clean = {k: str(v) for k, v in (attrs or {}).items() if v not in (None, "")}
    if parent is None:
        return ET.Element(f"{{{NS}}}{tag}", clean)
    return ET.SubElement(parent, f"{{{NS}}}{tag}", clean)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = _el(parent, tag)
    el.text = text
    return el


def variable_type(spec: AttributeSpec) -> str:
    return {"integer": "Integer", "boolean": "Boolean"}.get(spec.type, "Text")


class _Exporter:
    def __init__(self, project: Project, progress: Progress = NO_PROGRESS) -> None:
        self.project = project
        self.progress = progress
        self.sources: dict[str, bytes] = {}
        self.notes: list[ET.Element] = []
        self.memos: dict[tuple[str, str | None], list[Memo]] = defaultdict(list)
        for memo in memos.list_memos(project):
            self.memos[(memo.target_kind, memo.target_id)].append(memo)
        self.users = {c.id for c in coders.list_coders(project)}
        self.code_names = {c.id: c.name for c in codes.list_codes(project)}
        self.reviews = reviews.list_reviews(project)  # by name, their documents by title
        self.note_names: set[str] = set()
        self.people_written: list[dict[str, Any]] = []
        self.recommendations = qdpx_recommendations.anchored(project)

    def note_name(self, kind: str, label: str) -> str:
        """A name no other note has (QualCoder stops importing at a second note of one
        name): what the memo is on, and a number when that is not enough."""
        base = f"Memo on {kind}: {label}" if label else f"Memo on the {kind}"
        name, n = base, 2
        while name.casefold() in self.note_names:
            name = f"{base} ({n})"
            n += 1
        self.note_names.add(name.casefold())
        return name

    def note_refs(self, parent: ET.Element, kind: str, target: str | None, label: str = "") -> None:
        for memo in self.memos.get((kind, target), []):
            name = f"{memo.id}.txt"
            self.sources[name] = memo.text.encode("utf-8")
            note = _el(
                None,
                "Note",
                {
                    "guid": memo.id,
                    "name": self.note_name(kind, label),
                    "plainTextPath": f"internal://{name}",
                    "creatingUser": self.user(memo.author_id),
                    "creationDateTime": memo.created_at,
                },
            )
            self.notes.append(note)
            _el(parent, "NoteRef", {"targetGUID": memo.id})

    def build(self) -> bytes:
        project = self.project
        ET.register_namespace("", NS)
        root = _el(
            None,
            "Project",
            {
                "name": project.meta("name") or project.path.stem,
                "origin": f"Review Coder {__version__}; {PAGES_FROM_ZERO}",
                "creationDateTime": project.meta("created_at"),
            },
        )
        people = coders.list_coders(project)
        if people:
            users = _el(root, "Users")
            for c in people:
                _el(users, "User", {"guid": c.id, "name": c.name})
        self.codebook(root)
        self.cases(root)
        self.documents(root)
        project_refs = _el(None, "Project")  # a holder: the refs go last, after <Notes>
        self.note_refs(project_refs, "project", None)
        if self.notes:
            notes = _el(root, "Notes")
            notes.extend(self.notes)
        self.links(root)
        self.sets(root)
        root.extend(list(project_refs))
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def codebook(self, root: ET.Element) -> None:
        book = _el(root, "CodeBook")
        codes_el = _el(book, "Codes")

        def add(parent: ET.Element, spec: CodeSpec) -> None:
            el = _el(
                parent,
                "Code",
                {
                    "guid": spec.id,
                    "name": spec.name,
                    "isCodable": "true" if spec.codable else "false",
                    "color": (spec.colour or "").upper(),
                },
            )
            description = compose_description(spec)
            if description:
                _text(el, "Description", description)
            self.note_refs(el, "code", spec.id, spec.name)
            for child in spec.children:
                add(el, child)

        for spec in project_codebook(self.project).codes:
            add(codes_el, spec)
        folder = _el(
            codes_el, "Code", {"guid": EFFECT_FOLDER, "name": EFFECT_NAME, "isCodable": "false"}
        )
        _text(
            folder,
            "Description",
            "What in the policing environment supported or hindered safeguarding practice, "
            "as coded in Review Coder: each coding with an effect is also coded here.",
        )
        for guid, name in EFFECT_CODES.values():
            _el(folder, "Code", {"guid": guid, "name": name, "isCodable": "true"})
        folder = _el(
            codes_el,
            "Code",
            {"guid": JUDGEMENT_FOLDER, "name": JUDGEMENT_NAME, "isCodable": "false"},
        )
        _text(
            folder,
            "Description",
            "What happened in practice, as judged in Review Coder: each coding with a "
            "judgement is also coded here.",
        )
        for guid, name in JUDGEMENT_CODES.values():
            _el(folder, "Code", {"guid": guid, "name": name, "isCodable": "true"})
        if self.recommendations:
            folder = _el(
                codes_el,
                "Code",
                {
                    "guid": qdpx_recommendations.FOLDER,
                    "name": qdpx_recommendations.FOLDER_NAME,
                    "isCodable": "false",
                },
            )
            _text(
                folder,
                "Description",
                "The recommendations register of Review Coder: each recommendation found in "
                "a document's text is a coding of Recommendation, its fields (label, text, "
                "addressees, scope, action plan, current status) in its selection's "
                "description. Status timelines are not carried.",
            )
            _el(
                folder,
                "Code",
                {
                    "guid": qdpx_recommendations.CODE,
                    "name": qdpx_recommendations.CODE_NAME,
                    "isCodable": "true",
                },
            )

    def links(self, root: ET.Element) -> None:
        rows = links.list_links(self.project)
        if not rows:
            return
        holder = _el(root, "Links")
        for link in rows:
            _el(
                holder,
                "Link",
                {
                    "guid": link.id,
                    "name": EXPLAINS,
                    "direction": "OneWay",
                    "originGUID": link.from_coding_id,
                    "targetGUID": link.to_coding_id,
                },
            )

    def cases(self, root: ET.Element) -> None:
        specs = list_attributes(self.project)
        values = attribute_values(self.project)
        fields = person_fields(self.project)
        persons = qdpx_people.people(self.project)
        self.people_written = persons
        if specs or (fields and persons):
            variables = _el(root, "Variables")
            for spec in specs:
                var = _el(
                    variables,
                    "Variable",
                    {"guid": spec.id, "name": spec.name, "typeOfVariable": variable_type(spec)},
                )
                line = f"{TYPE_LINE} {spec.type}"
                if spec.choices:
                    line += "; choices: " + " | ".join(spec.choices)
                _text(var, "Description", "\n\n".join(p for p in (spec.description, line) if p))
            for field in fields if persons else []:
                var = _el(
                    variables,
                    "Variable",
                    {
                        "guid": field.id,
                        "name": qdpx_people.VARIABLE_PREFIX + field.name,
                        "typeOfVariable": variable_type(field),
                    },
                )
                _text(var, "Description", qdpx_people.variable_description(field))
        if not self.reviews:
            return
        cases = _el(root, "Cases")
        for review in self.reviews:
            case = _el(cases, "Case", {"guid": review.id, "name": review.name})
            mine = values.get(review.id, {})
            not_stated = [s.name for s in specs if mine.get(s.id) is NOT_STATED_VALUE]
            parts = [m.text for m in self.memos.get(("review", review.id), [])]
            if not_stated:
                parts.append(f"{NOT_STATED_LINE} " + " | ".join(not_stated))
            if parts:
                _text(case, "Description", "\n\n".join(parts))
            for spec in specs:
                value = mine.get(spec.id)
                if value is None or spec.name in not_stated:
                    continue
                vv = _el(case, "VariableValue")
                _el(vv, "VariableRef", {"targetGUID": spec.id})
                if spec.type == "integer":
                    _text(vv, "IntegerValue", str(int(value)))
                elif spec.type == "boolean":
                    _text(vv, "BooleanValue", "true" if value else "false")
                else:
                    _text(vv, "TextValue", spec.format(value))
            for doc_id in review.document_ids:
                _el(case, "SourceRef", {"targetGUID": doc_id})
        documents_of = {r.id: r.document_ids for r in self.reviews}
        for person in persons:  # people of the reviews: cases of their own (qdpx_people)
            case = _el(cases, "Case", {"guid": person["id"], "name": person["name"]})
            _text(case, "Description", person["description"])
            for field, element, text in person["values"]:
                vv = _el(case, "VariableValue")
                _el(vv, "VariableRef", {"targetGUID": field.id})
                _text(vv, element, text)
            for doc_id in documents_of.get(person["review_id"], ()):
                _el(case, "SourceRef", {"targetGUID": doc_id})

    def sets(self, root: ET.Element) -> None:
        """Each review of several documents as a ``Set`` of its sources too (as ATLAS.ti
        groups documents; some readers need ``<Sets>``), besides its ``Case``."""
        several = [r for r in self.reviews if len(r.document_ids) > 1]
        if not several:
            return  # the schema allows <Sets> only with a Set in it
        sets = _el(root, "Sets")
        for review in several:
            st = _el(sets, "Set", {"guid": derived("set", review.id), "name": review.name})
            _text(st, "Description", f"The documents of the review '{review.name}'.")
            for doc_id in review.document_ids:
                _el(st, "MemberSource", {"targetGUID": doc_id})

    def documents(self, root: ET.Element) -> None:
        docs = documents.list_documents(self.project)
        if not docs:
            return
        sources = _el(root, "Sources")
        for n, d in enumerate(docs):
            self.progress.step(n, len(docs))
            self.document(sources, d)

    def document(self, sources: ET.Element, d) -> None:
        text = documents.document_text(self.project, d.id)
        attrs = {
            "guid": d.id,
            "name": d.title,
            "creatingUser": self.user(d.imported_by),
            "creationDateTime": d.imported_at,
        }
        text_groups: dict[tuple, list[Coding]] = defaultdict(list)
        area_groups: dict[tuple, list[Coding]] = defaultdict(list)
        for c in codings.in_text_order(self.project, d.id):
            if c.kind == "text":
                text_groups[(c.char_start, c.char_end, c.effect, c.judgement)].append(c)
            else:  # keyed (and sorted) by the rectangles' text, as their GUIDs are derived
                area_groups[(codings.rects_as_stored(c.rects), c.effect, c.judgement)].append(c)
        if d.kind == "text":
            name = f"{d.id}.txt"
            self.sources[name] = text.encode("utf-8")
            source = _el(sources, "TextSource", {**attrs, "plainTextPath": f"internal://{name}"})
            self.text_selections(source, d.id, text_groups)
            self.recommendation_selections(source, d.id)
            self.note_refs(source, "document", d.id, d.title)
            return
        name = f"{d.id}.pdf"
        self.sources[name] = documents.document_pdf(self.project, d.id)
        source = _el(sources, "PDFSource", {**attrs, "path": f"internal://{name}"})
        pages = {p.number: p for p in documents.list_pages(self.project, d.id)}
        for (rects, effect, judgement), group in sorted(
            area_groups.items(), key=lambda g: (g[0][0], g[0][2] or "")
        ):
            rect = group[0].rects[0]
            p = pages[rect.page]
            x0, y0, x1, y1 = rect.rect
            first_x, second_x = round(x0 + p.crop_x), round(x1 + p.crop_x)
            # origin at the bottom-left of the MediaBox: y grows upwards
            first_y = round(p.media_height - (y1 + p.crop_y))
            second_y = round(p.media_height - (y0 + p.crop_y))
            sel = _el(
                source,
                "PDFSelection",
                {
                    "guid": derived("area", d.id, rects, effect or "", *_judged(judgement)),
                    "page": rect.page - 1,
                    "firstX": first_x,
                    "firstY": first_y,
                    "secondX": second_x,
                    "secondY": second_y,
                    "creatingUser": self.user(group[0].coder_id),
                    "creationDateTime": group[0].created_at,
                },
            )
            self.codings(sel, group, effect, judgement)
        rep_name = f"{derived('representation', d.id)}.txt"
        self.sources[rep_name] = text.encode("utf-8")
        rep = _el(
            source,
            "Representation",
            {
                "guid": derived("representation", d.id),
                "name": d.title,
                "plainTextPath": f"internal://{rep_name}",
            },
        )
        self.text_selections(rep, d.id, text_groups)
        self.recommendation_selections(rep, d.id)
        self.note_refs(source, "document", d.id, d.title)

    def recommendation_selections(self, parent: ET.Element, doc_id: str) -> None:
        for rec in self.recommendations.get(doc_id, []):
            sel = _el(
                parent,
                "PlainTextSelection",
                {
                    "guid": derived("recommendation", rec.id),
                    "name": f"Recommendation {rec.label}".strip(),
                    "startPosition": rec.char_start,
                    "endPosition": rec.char_end,
                    "creatingUser": self.user(rec.coder_id),
                    "creationDateTime": rec.created_at,
                },
            )
            _text(sel, "Description", qdpx_recommendations.description(rec))
            c = _el(
                sel,
                "Coding",
                {
                    "guid": rec.id,
                    "creatingUser": self.user(rec.coder_id),
                    "creationDateTime": rec.created_at,
                },
            )
            _el(c, "CodeRef", {"targetGUID": qdpx_recommendations.CODE})

    def text_selections(self, parent: ET.Element, doc_id: str, groups) -> None:
        for (start, end, effect, judgement), group in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][3] or "")
        ):
            sel = _el(
                parent,
                "PlainTextSelection",
                {
                    "guid": derived(
                        "text", doc_id, str(start), str(end), effect or "", *_judged(judgement)
                    ),
                    "startPosition": start,
                    "endPosition": end,
                    "creatingUser": self.user(group[0].coder_id),
                    "creationDateTime": group[0].created_at,
                },
            )
            self.codings(sel, group, effect, judgement)

    def user(self, coder_id: str | None) -> str | None:
        """A coder as a ``creatingUser``: only one the file's ``Users`` has."""
        return coder_id if coder_id in self.users else None

    def codings(
        self, sel: ET.Element, group: list[Coding], effect: str | None, judgement: str | None
    ) -> None:
        for coding in group:
            c = _el(
                sel,
                "Coding",
                {
                    "guid": coding.id,
                    "creatingUser": self.user(coding.coder_id),
                    "creationDateTime": coding.created_at,
                },
            )
            _el(c, "CodeRef", {"targetGUID": coding.code_id})
            if (("coding", coding.id)) in self.memos:
                where = (
                    f"p. {coding.rects[0].page}"
                    if coding.rects
                    else f"characters {coding.char_start}-{coding.char_end}"
                )
                label = f"{self.code_names.get(coding.code_id, '')} ({where})"
                self.note_refs(c, "coding", coding.id, label)
        first = group[0]
        for value, guids, prefix in (
            (effect, EFFECT_CODES, "effect"),
            (judgement, JUDGEMENT_CODES, "judgement"),
        ):
            if value:  # one more coding on the selection, of the matching folder's code
                c = _el(
                    sel,
                    "Coding",
                    {
                        "guid": derived(prefix, *(g.id for g in group)),
                        "creatingUser": self.user(first.coder_id),
                        "creationDateTime": first.created_at,
                    },
                )
                _el(c, "CodeRef", {"targetGUID": guids[value][0]})


def _judged(judgement: str | None) -> tuple[str, ...]:
    """A selection's GUID gains its judgement only when it has one, so that the GUIDs of
    selections without one are as earlier versions wrote them."""
    return (judgement,) if judgement else ()


def export_qdpx(project: Project, out: Path, progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """Write the project to ``out`` (a ``.qdpx``), atomically. Returns what was written,
    and under ``not_exported`` what the format has no place for. Raises Cancelled from
    ``progress``, with nothing written."""
    if out.suffix.lower() != ".qdpx":
        raise InvalidInputError(f"{out.name}: a REFI-QDA project file's name ends in .qdpx")
    with project.read():
        exporter = _Exporter(project, Part(progress, 0, 2))
        qde = exporter.build()
        n = row_counts(project)
        counts = {
            "documents": n.documents,
            "codes": n.codes,
            "codings": n.codings,
            "memos": n.memos,
        }
        # what REFI-QDA has no place for, said rather than silently dropped
        left = {
            "assignments and progress marks": n.assignments,
            "adjudication decisions": n.adjudications,
            "flags on codings a merge could not place": n.coding_flags,
            "codings flagged to recode": n.open_recode_flags,
            "frameworks": n.frameworks,
        }
        not_exported = [f"{n} {what}" for what, n in left.items() if n]
        not_exported += qdpx_people.left_out(project)
        not_exported += qdpx_recommendations.left_out(project)
        recommendations = sum(len(v) for v in exporter.recommendations.values())
        if recommendations:
            counts["recommendations"] = recommendations
        if exporter.people_written:
            counts["people"] = len(exporter.people_written)
    with replacing(out) as tmp:
        write_qdpx(tmp, qde, exporter.sources, Part(progress, 1, 2))
    return {**counts, "not_exported": not_exported}
