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

This module writes the project, users, codebook and links; ``qdpx_export_cases`` the
variables, cases and sets, ``qdpx_export_sources`` the sources with their selections and
codings, ``qdpx_package`` the notes and the archive's files, and ``qdpx_names`` the names
and GUIDs the import reads back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from coder._version import __version__
from coder.atomic import replacing
from coder.codebook.model import CodeSpec
from coder.codebook.qdc import compose_description
from coder.coding.codebooks import project_codebook
from coder.errors import InvalidInputError
from coder.exchange import qdpx_people, qdpx_recommendations
from coder.exchange.archive import write_qdpx
from coder.exchange.qdpx_export_cases import write_cases, write_sets
from coder.exchange.qdpx_export_sources import SourceWriter
from coder.exchange.qdpx_frame import PAGES_FROM_ZERO
from coder.exchange.qdpx_names import (
    EFFECT_CODES,
    EFFECT_FOLDER,
    EFFECT_NAME,
    EXPLAINS,
    JUDGEMENT_CODES,
    JUDGEMENT_FOLDER,
    JUDGEMENT_NAME,
    NS,
    el,
    text_el,
)
from coder.exchange.qdpx_package import Package
from coder.progress import NO_PROGRESS, Part, Progress
from coder.project import coders, links, reviews
from coder.project.store import Project
from coder.project.summary import row_counts


class _Exporter:
    def __init__(self, project: Project, progress: Progress = NO_PROGRESS) -> None:
        self.project = project
        self.progress = progress
        self.package = Package(project)
        self.people_written: list[dict[str, Any]] = []
        self.recommendations = qdpx_recommendations.anchored(project)

    def build(self) -> bytes:
        project = self.project
        ET.register_namespace("", NS)
        root = el(
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
            users = el(root, "Users")
            for c in people:
                el(users, "User", {"guid": c.id, "name": c.name})
        self.codebook(root)
        by_name = reviews.list_reviews(project)  # by name, their documents by title
        self.people_written = write_cases(root, project, self.package, by_name)
        sources = SourceWriter(project, self.package, self.recommendations, self.progress)
        sources.write(root)
        project_refs = el(None, "Project")  # a holder: the refs go last, after <Notes>
        self.package.note_refs(project_refs, "project", None)
        if self.package.notes:
            notes = el(root, "Notes")
            notes.extend(self.package.notes)
        self.links(root)
        write_sets(root, by_name)
        root.extend(list(project_refs))
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def codebook(self, root: ET.Element) -> None:
        book = el(root, "CodeBook")
        codes_el = el(book, "Codes")

        def add(parent: ET.Element, spec: CodeSpec) -> None:
            code = el(
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
                text_el(code, "Description", description)
            self.package.note_refs(code, "code", spec.id, spec.name)
            for child in spec.children:
                add(code, child)

        for spec in project_codebook(self.project).codes:
            add(codes_el, spec)
        folder = el(
            codes_el, "Code", {"guid": EFFECT_FOLDER, "name": EFFECT_NAME, "isCodable": "false"}
        )
        text_el(
            folder,
            "Description",
            "What in the policing environment supported or hindered safeguarding practice, "
            "as coded in Review Coder: each coding with an effect is also coded here.",
        )
        for guid, name in EFFECT_CODES.values():
            el(folder, "Code", {"guid": guid, "name": name, "isCodable": "true"})
        folder = el(
            codes_el,
            "Code",
            {"guid": JUDGEMENT_FOLDER, "name": JUDGEMENT_NAME, "isCodable": "false"},
        )
        text_el(
            folder,
            "Description",
            "What happened in practice, as judged in Review Coder: each coding with a "
            "judgement is also coded here.",
        )
        for guid, name in JUDGEMENT_CODES.values():
            el(folder, "Code", {"guid": guid, "name": name, "isCodable": "true"})
        if self.recommendations:
            folder = el(
                codes_el,
                "Code",
                {
                    "guid": qdpx_recommendations.FOLDER,
                    "name": qdpx_recommendations.FOLDER_NAME,
                    "isCodable": "false",
                },
            )
            text_el(
                folder,
                "Description",
                "The recommendations register of Review Coder: each recommendation found in "
                "a document's text is a coding of Recommendation, its fields (label, text, "
                "addressees, scope, action plan, current status) in its selection's "
                "description. Status timelines are not carried.",
            )
            el(
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
        holder = el(root, "Links")
        for link in rows:
            el(
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
        write_qdpx(tmp, qde, exporter.package.files, Part(progress, 1, 2))
    return {**counts, "not_exported": not_exported}
