"""Documents as REFI-QDA sources with their codings (part of ``qdpx_export``).

A PDF is a ``PDFSource`` (the file as published) whose ``Representation`` is its stored
text; area codings are ``PDFSelection``s (integer points, origin at the bottom-left of the
MediaBox, pages from 0), text codings ``PlainTextSelection``s of the representation (code
points, end exclusive). A plain-text document is a ``TextSource``. Codings on one range
with one effect and judgement share a selection, one ``Coding`` each; an effect or a
judgement is one more ``Coding`` on the selection, of the matching folder's code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from coder.exchange import qdpx_recommendations
from coder.exchange.qdpx_names import EFFECT_CODES, JUDGEMENT_CODES, derived, el, text_el
from coder.exchange.qdpx_package import Package
from coder.progress import Progress
from coder.project import codes, codings, documents
from coder.project.codings import ExchangedCoding, rects_from_json
from coder.project.recommendations import Recommendation
from coder.project.records import Document
from coder.project.store import Project


class SourceWriter:
    """Writes ``<Sources>``: each document with its selections, codings and notes."""

    def __init__(
        self,
        project: Project,
        package: Package,
        recommendations: dict[str, list[Recommendation]],
        progress: Progress,
    ) -> None:
        self.project = project
        self.package = package
        self.recommendations = recommendations  # by document (qdpx_recommendations)
        self.progress = progress
        self.code_names = {c.id: c.name for c in codes.list_codes(project)}

    def write(self, root: ET.Element) -> None:
        docs = documents.list_documents(self.project)
        if not docs:
            return
        sources = el(root, "Sources")
        for n, d in enumerate(docs):
            self.progress.step(n, len(docs))
            self.document(sources, d)

    def document(self, sources: ET.Element, d: Document) -> None:
        text = documents.document_text(self.project, d.id)
        attrs = {
            "guid": d.id,
            "name": d.title,
            "creatingUser": self.package.user(d.imported_by),
            "creationDateTime": d.imported_at,
        }
        text_groups: dict[tuple, list[ExchangedCoding]] = defaultdict(list)
        area_groups: dict[tuple, list[ExchangedCoding]] = defaultdict(list)
        for c in codings.exchanged_codings(self.project, d.id):
            if c.kind == "text":
                text_groups[(c.char_start, c.char_end, c.effect, c.judgement)].append(c)
            else:  # keyed (and sorted) by the rectangles' text, as their GUIDs are derived
                area_groups[(c.rects, c.effect, c.judgement)].append(c)
        if d.kind == "text":
            name = f"{d.id}.txt"
            self.package.files[name] = text.encode("utf-8")
            source = el(sources, "TextSource", {**attrs, "plainTextPath": f"internal://{name}"})
            self.text_selections(source, d.id, text_groups)
            self.recommendation_selections(source, d.id)
            self.package.note_refs(source, "document", d.id, d.title)
            return
        name = f"{d.id}.pdf"
        self.package.files[name] = documents.document_pdf(self.project, d.id)
        source = el(sources, "PDFSource", {**attrs, "path": f"internal://{name}"})
        pages = {p.number: p for p in documents.list_pages(self.project, d.id)}
        for (rects, effect, judgement), group in sorted(
            area_groups.items(), key=lambda g: (g[0][0], g[0][2] or "")
        ):
            (rect,) = rects_from_json(rects)[:1]
            p = pages[rect.page]
            x0, y0, x1, y1 = rect.rect
            first_x, second_x = round(x0 + p.crop_x), round(x1 + p.crop_x)
            # origin at the bottom-left of the MediaBox: y grows upwards
            first_y = round(p.media_height - (y1 + p.crop_y))
            second_y = round(p.media_height - (y0 + p.crop_y))
            sel = el(
                source,
                "PDFSelection",
                {
                    "guid": derived("area", d.id, rects, effect or "", *_judged(judgement)),
                    "page": rect.page - 1,
                    "firstX": first_x,
                    "firstY": first_y,
                    "secondX": second_x,
                    "secondY": second_y,
                    "creatingUser": self.package.user(group[0].coder_id),
                    "creationDateTime": group[0].created_at,
                },
            )
            self.codings(sel, group, effect, judgement)
        rep_name = f"{derived('representation', d.id)}.txt"
        self.package.files[rep_name] = text.encode("utf-8")
        rep = el(
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
        self.package.note_refs(source, "document", d.id, d.title)

    def recommendation_selections(self, parent: ET.Element, doc_id: str) -> None:
        for rec in self.recommendations.get(doc_id, []):
            sel = el(
                parent,
                "PlainTextSelection",
                {
                    "guid": derived("recommendation", rec.id),
                    "name": f"Recommendation {rec.label}".strip(),
                    "startPosition": rec.char_start,
                    "endPosition": rec.char_end,
                    "creatingUser": self.package.user(rec.coder_id),
                    "creationDateTime": rec.created_at,
                },
            )
            text_el(sel, "Description", qdpx_recommendations.description(rec))
            c = el(
                sel,
                "Coding",
                {
                    "guid": rec.id,
                    "creatingUser": self.package.user(rec.coder_id),
                    "creationDateTime": rec.created_at,
                },
            )
            el(c, "CodeRef", {"targetGUID": qdpx_recommendations.CODE})

    def text_selections(self, parent: ET.Element, doc_id: str, groups) -> None:
        for (start, end, effect, judgement), group in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1], g[0][3] or "")
        ):
            sel = el(
                parent,
                "PlainTextSelection",
                {
                    "guid": derived(
                        "text", doc_id, str(start), str(end), effect or "", *_judged(judgement)
                    ),
                    "startPosition": start,
                    "endPosition": end,
                    "creatingUser": self.package.user(group[0].coder_id),
                    "creationDateTime": group[0].created_at,
                },
            )
            self.codings(sel, group, effect, judgement)

    def codings(
        self,
        sel: ET.Element,
        group: list[ExchangedCoding],
        effect: str | None,
        judgement: str | None,
    ) -> None:
        for coding in group:
            c = el(
                sel,
                "Coding",
                {
                    "guid": coding.id,
                    "creatingUser": self.package.user(coding.coder_id),
                    "creationDateTime": coding.created_at,
                },
            )
            el(c, "CodeRef", {"targetGUID": coding.code_id})
            if self.package.has_memos("coding", coding.id):
                pages = rects_from_json(coding.rects)
                where = (
                    f"p. {pages[0].page}"
                    if pages
                    else f"characters {coding.char_start}-{coding.char_end}"
                )
                label = f"{self.code_names.get(coding.code_id, '')} ({where})"
                self.package.note_refs(c, "coding", coding.id, label)
        first = group[0]
        for value, guids, prefix in (
            (effect, EFFECT_CODES, "effect"),
            (judgement, JUDGEMENT_CODES, "judgement"),
        ):
            if value:  # one more coding on the selection, of the matching folder's code
                c = el(
                    sel,
                    "Coding",
                    {
                        "guid": derived(prefix, *(g.id for g in group)),
                        "creatingUser": self.package.user(first.coder_id),
                        "creationDateTime": first.created_at,
                    },
                )
                el(c, "CodeRef", {"targetGUID": guids[value][0]})


def _judged(judgement: str | None) -> tuple[str, ...]:
    """A selection's GUID gains its judgement only when it has one, so that the GUIDs of
    selections without one are as earlier versions wrote them."""
    return (judgement,) if judgement else ()
