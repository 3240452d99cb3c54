"""REFI-QDA selections into codings (part of ``qdpx_import``).

A passage is the selections of one source on one range (or one page and box):
``qdpx_passages.gather`` decides which coding gets which effect, judgement and memo. Text
passages are placed by position, in the unit the file counts in, and re-anchored by their
quote on the PDF's own text where it differs from the text the file counted in. PDF areas
wait until every PDF is stored: how the file counts pages and measures y is decided from
all of them (``qdpx_frame``). A coding of an unknown code, a repeat of one already stored
and a selection that cannot be placed are reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from coder.coding.locate import geometry_for
from coder.exchange.qde_read import QSelection
from coder.exchange.qdpx_codes import CodeMaps
from coder.exchange.qdpx_frame import Area, by_evidence, by_writer
from coder.exchange.qdpx_notes import Memo
from coder.exchange.qdpx_passages import Passage, gather
from coder.exchange.qdpx_report import IMPORTED, MERGED, NOT_IMPORTED, READ_AS_EFFECTS, ImportReport
from coder.ids import CodeId, CoderId, CodingId, DocumentId
from coder.project import changelog, codings, documents
from coder.project.clock import utc_now
from coder.project.records import Coding, PageRect
from coder.project.store import Project
from coder.text.reanchor import Reanchorer
from coder.text.short import short
from coder.text.units import Positions


class SelectionPlacer:
    """Stores the file's selections as codings of ``maps``' codes (set once the codebook
    is imported); ``coder`` gives the coder for a selection's or coding's user GUIDs.
    The memos found on selections go to ``memos``, to be written with the others."""

    def __init__(
        self,
        project: Project,
        report: ImportReport,
        origin: str,
        coder: Callable[..., str],
        missing: Callable[[str], None],
        memos: list[Memo],
    ) -> None:
        self.project = project
        self.report = report
        self.origin = origin  # the writing tool, as the file names it
        self.coder = coder
        self.missing = missing
        self.memos = memos
        self.maps = CodeMaps()
        self.codings_made: set[str] = set()
        self.rows: list[Coding] = []  # the codings made, each as stored
        self.areas: list[tuple[str, Passage]] = []  # (document, area), placed last
        self.logged: list[tuple[CoderId | None, str, str, str, str]] = []  # by ``finish``

    def text(
        self,
        doc_id: str,
        selections: list[QSelection],
        positions: Positions,
        text: str,
        anchor: Reanchorer | None,
    ) -> None:
        """Text selections counted in ``text``; ``anchor`` re-places them on the stored
        text when that differs."""
        for passage in gather(selections, self.maps.effect, self.maps.judgement):
            self._text_passage(doc_id, passage, positions, text, anchor)

    def add_areas(self, doc_id: str, selections: list[QSelection]) -> None:
        """A PDF's area selections, placed by ``finish`` once every PDF is stored."""
        areas = gather(selections, self.maps.effect, self.maps.judgement)
        self.areas.extend((doc_id, a) for a in areas)

    def _text_passage(
        self,
        doc_id: str,
        passage: Passage,
        positions: Positions,
        text: str,
        anchor: Reanchorer | None,
    ) -> None:
        sel = passage.first
        start, end = positions.index(sel.start), positions.index(sel.end)
        if not 0 <= start < end <= len(text):
            self.missing(
                f"a selection at {sel.start}-{sel.end} lies outside its text; {passage.lost()}"
            )
            self.report.account("Coding", NOT_IMPORTED, passage.total)
            return
        if anchor is not None:
            placed = anchor.place(start, end, text[start:end])
            if placed is None:
                self.missing(
                    f"a selection ('{text[start:end][:40]}') is not in the PDF's text as read "
                    f"here; {passage.lost()}"
                )
                self.report.account("Coding", NOT_IMPORTED, passage.total)
                return
            start, end = placed
        geometry = geometry_for(self.project, doc_id)
        first, last, rects = geometry.locate(start, end)
        self.add_codings(
            doc_id, passage, "text", start, end, first, last, rects, geometry.text[start:end]
        )

    def finish(self) -> None:
        """Place the PDF areas, then log every coding made (in one statement: an import
        may make tens of thousands), each as the app logs a coding it makes."""
        self._place_areas()
        changelog.log_many(self.project, self.logged)

    def _place_areas(self) -> None:
        """The PDF areas, once every PDF is stored: how the file counts pages and measures
        y is decided from all of them (``qdpx_frame``)."""
        if not self.areas:
            return
        frame = by_writer(self.origin)
        if frame is None:
            evidence: list[Area] = []
            for doc_id, passage in self.areas:
                pages = {p.number: p for p in documents.list_pages(self.project, doc_id)}
                under = partial(self.text_under, doc_id)
                evidence.extend(Area(sel, pages, under) for sel in passage.selections)
            frame = by_evidence(evidence, self.origin)
        self.report.page_base = frame.base
        self.report.y_origin = "top" if frame.top else "bottom"
        self.report.pdf_rule = frame.rule
        for doc_id, passage in self.areas:
            sel = passage.first
            number = frame.page(sel)
            page = next(
                (p for p in documents.list_pages(self.project, doc_id) if p.number == number),
                None,
            )
            if page is None:
                self.missing(
                    f"an area on page {sel.page}: the PDF has no such page; {passage.lost()}"
                )
                self.report.account("Coding", NOT_IMPORTED, passage.total)
                continue
            rect = frame.rect(sel, page)
            if rect is None:
                self.missing(f"an area on page {number} has nothing on the page; {passage.lost()}")
                self.report.account("Coding", NOT_IMPORTED, passage.total)
                continue
            rects = (PageRect(number, rect),)
            self.add_codings(doc_id, passage, "area", None, None, number, number, rects, "")

    def text_under(self, doc_id: str, number: int, rect: tuple[float, ...]) -> str:
        """The words of a page whose centres lie inside ``rect``."""
        geometry = geometry_for(self.project, doc_id)
        page = geometry.pages[number - 1]
        words = geometry.words(number)
        x0, y0, x1, y1 = rect
        found = []
        for i in range(words.count):
            a, b, c, d = words.box(i)
            if x0 <= (a + c) / 2 <= x1 and y0 <= (b + d) / 2 <= y1:
                ws, we, _ = words.span(i)
                found.append(geometry.text[page.char_start + ws : page.char_start + we])
        return " ".join(found)

    def add_codings(
        self,
        doc_id: str,
        passage: Passage,
        kind: str,
        start: int | None,
        end: int | None,
        first: int,
        last: int,
        rects: tuple[PageRect, ...],
        quote: str,
    ) -> None:
        made: list[str] = []
        own: dict[int, list[str]] = {}  # id(selection) -> the codings made from it
        rects = codings.rounded(rects)  # as stored: the records are the rows
        for placed in passage.placed:
            c, sel = placed.coding, placed.selection
            code = self.maps.code.get(c.code)
            if code is None:
                self.missing(f"a coding of an unknown code ({c.code}); not imported")
                self.report.account("Coding", NOT_IMPORTED)
                continue
            when = c.created or sel.created or utc_now()
            coding = Coding(
                CodingId(c.guid),
                DocumentId(doc_id),
                CodeId(code),
                CoderId(self.coder(placed.user)),
                kind,
                start,
                end,
                first,
                last,
                rects,
                quote,
                placed.effect,
                when,
                when,
                placed.judgement,
            )
            if kind == "text" and codings.has_text_range(self.project, coding):
                self.missing(f"a coding repeating another ('{quote[:40]}'); imported once")
                self.report.account("Coding", MERGED)
                continue
            codings.insert_codings(self.project, [coding])
            self.rows.append(coding)
            summary = (
                f"coded p.{first}: {short(quote)}"
                if kind == "text"
                else f"coded an area on p.{first}"
            )
            self.logged.append((coding.coder_id, "create", "coding", coding.id, summary))
            made.append(c.guid)
            own.setdefault(id(sel), []).append(c.guid)
            self.codings_made.add(c.guid)
            self.report.counts["codings"] += 1
            self.report.account("Coding", IMPORTED)
            for note in c.notes:
                self.memos.append(Memo("coding", c.guid, note=note))
        unreadable = sum(s.unreadable for s in passage.selections)
        if unreadable:
            self.missing(f"{unreadable} codings without a code reference; not imported")
        self.report.account("Coding", NOT_IMPORTED, unreadable)
        self.report.account(
            "Coding", READ_AS_EFFECTS, passage.total - len(passage.placed) - unreadable
        )
        if passage.ambiguous:
            self.missing(
                f"{passage.ambiguous} codings at '{quote[:40] or 'an area'}': the passage has "
                "both effects in selections of their own and which is whose cannot be told; "
                "imported without an effect"
            )
        if passage.ambiguous_judgements:
            self.missing(
                f"{passage.ambiguous_judgements} codings at '{quote[:40] or 'an area'}': the "
                "passage has both judgements in selections of their own and which is whose "
                "cannot be told; imported without a judgement"
            )

        # a selection's memos go on its (first) coding, else on the passage's first coding,
        # else on the document with the quote
        def target(sel: QSelection) -> tuple[str, str, str]:
            mine = own.get(id(sel)) or made
            return ("coding", mine[0], "") if mine else ("document", doc_id, quote)

        for sel, description in passage.descriptions:
            kind_, target_id, on = target(sel)
            self.memos.append(Memo(kind_, target_id, text=description, on=on))
        for sel, note in passage.notes:
            kind_, target_id, on = target(sel)
            self.memos.append(Memo(kind_, target_id, note=note, on=on))
