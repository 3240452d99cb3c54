"""Reading a REFI-QDA project (``.qdpx``, or a bare ``.qde``/``.xml``) into a new project.

Sources are read as bytes and decoded here (``utf-8-sig``, or UTF-16 by its BOM; no
newline translation, so ``\\r\\n`` stays two characters). Positions are converted from the
unit the file counts in (``coder.text.units``: NVivo counts UTF-16 units). PDFs are
imported as published and their selections placed on our own stored text (by the
representation's quote when its text differs). Anything not carried over is reported.
The new project is written to a temporary file and renamed into place when complete.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path, PurePosixPath

from coder import scratch
from coder.atomic import publish
from coder.coding.ingest import store_extracted, store_text
from coder.coding.locate import geometry_for
from coder.errors import CoderError, InvalidInputError, os_error
from coder.exchange.archive import DamagedMemberError, QdpxArchive
from coder.exchange.qde_read import QNote, QProject, QSelection, QSource, read_qde
from coder.exchange.qdpx_cases import Reviews, import_variables
from coder.exchange.qdpx_codes import import_codes, import_users
from coder.exchange.qdpx_export import (
    EXPLAINS,
)
from coder.exchange.qdpx_frame import Area, by_evidence, by_writer
from coder.exchange.qdpx_notes import Memo, NoteWriter
from coder.exchange.qdpx_passages import Passage, gather
from coder.exchange.qdpx_report import (
    IMPORTED,
    MERGED,
    NOT_IMPORTED,
    READ_AS_EFFECTS,
    ImportReport,
)
from coder.ids import CodeId, CoderId, CodingId, DocumentId, LinkId
from coder.pdf.extract import extract_pdf
from coder.progress import NO_PROGRESS, Progress
from coder.project import changelog, coders, codings, documents, links
from coder.project.clock import utc_now
from coder.project.records import Coding, CodingLink, PageRect
from coder.project.store import SUFFIX, Project, check_name
from coder.text.reanchor import Reanchorer
from coder.text.units import Positions, detect_unit


def decode_text(data: bytes) -> str:
    """A source file's text: UTF-16 by its BOM, else UTF-8 (a BOM dropped). No newline
    translation."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_project_file(path: Path) -> tuple[QProject, QdpxArchive | None]:
    """The parsed project document and, for a ``.qdpx``, its archive (close it after)."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if magic.startswith(b"PK"):
        archive = QdpxArchive(path)
        try:
            return read_qde(archive.qde(), f"{path.name}:{archive.qde_name}"), archive
        except BaseException:
            archive.close()
            raise
    if path.suffix.lower() == ".qdpx":
        raise InvalidInputError(f"{path.name}: not a .qdpx (zip) archive, or damaged")
    return read_qde(path.read_bytes(), path.name), None


class _Importer:
    def __init__(
        self,
        q: QProject,
        archive: QdpxArchive | None,
        project: Project,
        who: str,
        progress: Progress = NO_PROGRESS,
    ):
        self.progress = progress
        self.q = q
        self.archive = archive
        self.project = project
        self.who = who
        self.report = ImportReport(q.name, q.origin)
        self.coder_of: dict[str, str] = {}
        self.code_of: dict[str, str] = {}  # the next three: set by codes()
        self.effect_of: dict[str, str] = {}
        self.judgement_of: dict[str, str] = {}
        self.codings_made: set[str] = set()
        self.doc_of: dict[str, str] = {}
        self.texts: dict[str, str] = {}  # source guid -> decoded text (sources and reps)
        self.raw: dict[str, bytes] = {}  # source guid -> the file's bytes, as read
        self.memos: list[Memo] = []
        self.damaged: dict[str, str] = {}  # file reference -> what is wrong with it
        self._fallback_coder: str | None = None
        self.areas: list[tuple[str, Passage]] = []  # (document, area), placed last
        # source guid -> (document, positions, the text they count in, re-anchoring)
        self.positions: dict[str, tuple[str, Positions, str, Reanchorer | None]] = {}
        self.source_values: list[tuple[str, QSource]] = []  # documents' attribute values

    def missing(self, message: str) -> None:
        self.report.not_imported.append(message)

    def where(self, path: str = "") -> str:
        """Why a file is missing: damaged in the archive, or not there."""
        if path in self.damaged:
            return f"readable: {self.damaged[path]}"
        return "in the archive" if self.archive else "included (a bare project document)"

    def member(self, path: str) -> bytes | None:
        """The bytes of a file the project document refers to, or None when it is not in
        the archive or is damaged there (``where`` then says which)."""
        if self.archive is None:
            return None
        try:
            return self.archive.source(path)
        except DamagedMemberError as exc:
            self.damaged[path] = str(exc).split(": ", 1)[-1]
            return None

    # -- people and codes ----------------------------------------------------------

    def users(self) -> None:
        self.coder_of = import_users(self.project, self.q, self.report)

    def fallback_coder(self) -> str:
        if self._fallback_coder is None:
            label = f"imported from {self.q.origin}" if self.q.origin else self.who
            self._fallback_coder = coders.ensure_coder(self.project, label).id
        return self._fallback_coder

    def coder(self, *guids: str | None) -> str:
        for g in guids:
            if g and g in self.coder_of:
                return self.coder_of[g]
        return self.fallback_coder()

    def codes(self) -> None:
        maps = import_codes(self.project, self.q, self.report, self.missing)
        self.code_of, self.effect_of, self.judgement_of = maps.code, maps.effect, maps.judgement
        self.memos.extend(Memo("code", code, note=note) for code, note in maps.notes)

    # -- sources -----------------------------------------------------------------------

    def source_text(self, source: QSource) -> str | None:
        if source.content is not None:
            return source.content
        data = self.member(source.path)
        if data is None:
            return None
        self.raw[source.guid] = data
        return decode_text(data)

    def documents(self) -> None:
        # the position unit, from every text the selections point into
        samples = []
        for s in self.q.sources:
            target = s.representation if s.kind == "pdf" else s
            if target is None or s.kind not in ("text", "pdf"):
                continue
            text = self.source_text(target)
            if text is not None:
                self.texts[target.guid] = text
                spans = [(x.start, x.end) for x in target.selections if x.kind == "text"]
                samples.append((text, spans))
        origin = self.q.origin.lower()
        hint = (
            "utf16"
            if "nvivo" in origin
            else "crlf"
            if ("atlas" in origin or "maxqda" in origin)
            else ""
        )
        self.report.unit = detect_unit(samples, hint)
        for n, s in enumerate(self.q.sources):
            self.progress.step(n, len(self.q.sources) + 1)  # the last step: all but sources
            if s.kind == "text":
                self.text_document(s)
            elif s.kind == "pdf":
                self.pdf_document(s)
            else:
                self.missing(
                    f"source '{s.name}' ({s.kind}): only text and PDF sources are imported; "
                    f"it and its {s.codings()} codings were not imported"
                )
                self.lost_source(s)
        self.place_areas()

    def text_document(self, s: QSource) -> None:
        text = self.texts.get(s.guid)
        if text is None:
            self.missing(
                f"text source '{s.name}': its file ({s.path or 'none'}) is not "
                f"{self.where(s.path)}; "
                f"it and its {s.codings()} codings were not imported"
            )
            self.lost_source(s)
            return
        raw = self.raw.get(s.guid, text.encode("utf-8"))  # inline content: as UTF-8
        file_name = Path(s.path.split("://")[-1]).name if s.path else f"{s.name}.txt"
        doc = store_text(
            self.project, s.name or file_name, file_name, raw, text, self.who, document_id=s.guid
        )
        self.doc_of[s.guid] = doc.id
        if doc.id != s.guid:
            self.missing(
                f"text source '{s.name}' has the same text as '{doc.title}': stored once, "
                "its codings go to that document"
            )
            self.report.account("Source", MERGED)
        else:
            self.report.counts["documents"] += 1
            self.report.account("Source", IMPORTED)
        positions = Positions(text, self.report.unit)
        self.positions[s.guid] = (doc.id, positions, text, None)
        for passage in gather(
            [x for x in s.selections if x.kind == "text"], self.effect_of, self.judgement_of
        ):
            self.text_passage(doc.id, passage, positions, text, None)
        self.source_extras(s, doc.id)

    def pdf_document(self, s: QSource) -> None:
        data = self.member(s.path)
        if data is None:
            self.missing(
                f"PDF source '{s.name}': its file ({s.path or 'none'}) is not "
                f"{self.where(s.path)}; "
                f"it and its {s.codings()} codings were not imported"
            )
            self.lost_source(s)
            return
        name = Path(s.path.split("://")[-1]).name or f"{s.name}.pdf"
        try:
            extracted = extract_pdf(data, name)
        except CoderError as exc:
            self.missing(
                f"PDF source '{s.name}': {exc}; its {s.codings()} codings were not imported"
            )
            self.lost_source(s)
            return
        if s.name:  # the other tool's name for it, as the document's title and review's name
            extracted = replace(extracted, title=s.name)
        outcome = store_extracted(self.project, extracted, self.who, document_id=s.guid)
        assert outcome.document is not None
        doc_id = outcome.document.id
        self.doc_of[s.guid] = doc_id
        if outcome.status == "duplicate":
            self.missing(
                f"PDF source '{s.name}' is the same file as '{outcome.document.title}': "
                "stored once, its codings go to that document"
            )
            self.report.account("Source", MERGED)
        else:
            self.report.counts["documents"] += 1
            self.report.account("Source", IMPORTED)
        areas = gather(
            [x for x in s.selections if x.kind == "pdf"], self.effect_of, self.judgement_of
        )
        self.areas.extend((doc_id, a) for a in areas)
        rep = s.representation
        if rep is not None:
            rep_text = self.texts.get(rep.guid)
            ours = geometry_for(self.project, doc_id).text
            if rep_text is None and rep.selections:
                rep_text = ours  # no file: its positions are taken as ours
                self.missing(
                    f"PDF source '{s.name}': the text its selections count in is not "
                    f"{self.where(rep.path)}; they were placed on the text read from the PDF"
                )
            if rep_text is not None:
                positions = Positions(rep_text, self.report.unit)
                anchor = None if rep_text == ours else Reanchorer(rep_text, ours)
                self.positions[s.guid] = (doc_id, positions, rep_text, anchor)
                for passage in gather(rep.selections, self.effect_of, self.judgement_of):
                    self.text_passage(doc_id, passage, positions, rep_text, anchor)
        self.source_extras(s, doc_id)

    def source_extras(self, s: QSource, doc_id: str) -> None:
        """A stored source's notes, memo (its ``Description``) and attribute values, kept
        to be written once everything they may point to exists."""
        for note in s.notes:
            self.memos.append(Memo("document", doc_id, note=note, source=s.guid))
        if s.description:
            self.memos.append(Memo("document", doc_id, text=s.description))
        if s.values or s.unreadable_values:
            self.source_values.append((doc_id, s))

    def lost_source(self, s: QSource) -> None:
        """Account for a source that was not imported, and for what it held."""
        self.report.account("Source", NOT_IMPORTED)
        self.report.account("Coding", NOT_IMPORTED, s.codings())
        n = len(s.values) + s.unreadable_values
        if n:
            self.missing(f"source '{s.name}': its {n} attribute values were not imported")
            self.report.account("VariableValue", NOT_IMPORTED, n)

    # -- selections ----------------------------------------------------------------------

    def text_passage(
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

    def place_areas(self) -> None:
        """The PDF areas, once every PDF is stored: how the file counts pages and measures
        y is decided from all of them (``qdpx_frame``)."""
        if not self.areas:
            return
        frame = by_writer(self.q.origin)
        if frame is None:
            evidence: list[Area] = []
            for doc_id, passage in self.areas:
                pages = {p.number: p for p in documents.list_pages(self.project, doc_id)}
                under = partial(self.text_under, doc_id)
                evidence.extend(Area(sel, pages, under) for sel in passage.selections)
            frame = by_evidence(evidence, self.q.origin)
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

    def add_codings(self, doc_id, passage, kind, start, end, first, last, rects, quote) -> None:
        made: list[str] = []
        own: dict[int, list[str]] = {}  # id(selection) -> the codings made from it
        for placed in passage.placed:
            c, sel = placed.coding, placed.selection
            code = self.code_of.get(c.code)
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

    # -- notes, cases and variables --------------------------------------------------------

    def note_text(self, n: QNote) -> str | None:
        if n.content is not None:
            return n.content
        data = self.member(n.path)
        return decode_text(data) if data is not None else None

    def note_why(self, n: QNote) -> str:
        return f"its text is not {self.where(n.path)}" if n.path else "it has no text"

    def links(self) -> None:
        """Explains links between codings imported here; other links are reported."""
        other = 0
        for link in self.q.links:
            origin, target = link.origin or "", link.target or ""
            if link.name != EXPLAINS or not {origin, target} <= self.codings_made:
                other += 1
                continue
            if origin == target or links.find_link(self.project, origin, target):
                continue
            made = CodingLink(
                LinkId(link.guid), CodingId(origin), CodingId(target), EXPLAINS, None, utc_now()
            )
            links.insert_link(self.project, made)
            self.report.counts["links"] += 1
        if other:
            self.missing(f"{other} links that are not explains links between codings")

    def run(self) -> ImportReport:
        project = self.project
        with project.write():
            self.users()
            self.codes()
            self.documents()
            counts, missing = self.report.counts, self.missing
            specs = import_variables(project, self.q, counts, missing)
            file_doc = {
                PurePosixPath(s.path.split("://")[-1]).stem.lower(): self.doc_of[s.guid]
                for s in self.q.sources
                if s.guid in self.doc_of and s.path
            }
            reviews = Reviews(
                project,
                self.q,
                self.doc_of,
                file_doc,
                specs,
                counts,
                self.report.account,
                missing,
            )
            self.progress.step(len(self.q.sources), len(self.q.sources) + 1)
            reviews.import_all(self.source_values)
            writer = NoteWriter(
                project,
                self.q,
                self.coder_of,
                self.note_text,
                self.note_why,
                self.report.account,
                self.missing,
            )
            self.report.counts["memos"] += writer.write(self.memos, self.positions)
            self.links()
            changelog.log(
                project,
                None,
                "create",
                "project",
                project.meta("id") or "",
                f"imported from a REFI-QDA project ({self.q.origin or 'unknown origin'})",
                self.report.as_dict(),
            )
        self.report.not_imported.extend(self.q.warnings)
        return self.report


def import_qdpx(path: Path, out: Path, who: str, progress: Progress = NO_PROGRESS) -> ImportReport:
    """Import a REFI-QDA project into a new project file ``out``. Raises Cancelled from
    ``progress``, with nothing written."""
    if out.suffix != SUFFIX:
        raise InvalidInputError(f"{out.name}: project files end in {SUFFIX}")
    if out.exists():
        raise CoderError(f"{out} already exists; choose another name for the imported project")
    q, archive = read_project_file(path)
    check_name(out)
    scratch.sweep(out.parent)
    tmp = scratch.scratch_path(out, "importing", project=True)
    try:
        with Project.create(tmp, name=q.name, user=who) as project:
            report = _Importer(q, archive, project, who, progress).run()
        publish(tmp, out)
    except OSError as exc:
        raise os_error(exc, f"cannot write {out.name}") from None
    finally:
        if archive is not None:
            archive.close()
        scratch.remove(tmp)
    return report
