"""Reading a REFI-QDA project (``.qdpx``, or a bare ``.qde``/``.xml``) into a new project.

Sources are read as bytes and decoded here (``utf-8-sig``, or UTF-16 by its BOM; no
newline translation, so ``\\r\\n`` stays two characters). Positions are converted from the
unit the file counts in (``coder.text.units``: NVivo counts UTF-16 units). PDFs are
imported as published and their selections placed on our own stored text (by the
representation's quote when its text differs). Anything not carried over is reported.
The new project is written to a temporary file and renamed into place when complete.

This module reads the file and its sources into documents; its parts do the rest:
``qdpx_codes`` (users and the codebook), ``qdpx_selections`` (selections into codings),
``qdpx_cases`` (variables, cases and sets into attributes and reviews) and ``qdpx_notes``
(notes into memos). ``qdpx_names`` holds the names the export writes and this reads back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from coder import scratch
from coder.atomic import publish
from coder.coding.ingest import store_extracted, store_text
from coder.coding.locate import geometry_for
from coder.errors import CoderError, InvalidInputError, os_error
from coder.exchange.archive import DamagedMemberError, QdpxArchive
from coder.exchange.qde_read import QNote, QProject, QSource, read_qde
from coder.exchange.qdpx_cases import Reviews, import_variables
from coder.exchange.qdpx_codes import import_codes, import_users
from coder.exchange.qdpx_names import EXPLAINS
from coder.exchange.qdpx_notes import Memo, NoteWriter
from coder.exchange.qdpx_report import (
    IMPORTED,
    MERGED,
    NOT_IMPORTED,
    ImportReport,
)
from coder.exchange.qdpx_selections import SelectionPlacer
from coder.ids import CodingId, LinkId
from coder.pdf.extract import extract_pdf
from coder.progress import NO_PROGRESS, Progress
from coder.project import changelog, coders, codings, links
from coder.project.clock import utc_now
from coder.project.edit import Recorder
from coder.project.records import CodingLink
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
        self.doc_of: dict[str, str] = {}
        self.texts: dict[str, str] = {}  # source guid -> decoded text (sources and reps)
        self.raw: dict[str, bytes] = {}  # source guid -> the file's bytes, as read
        self.memos: list[Memo] = []
        self.damaged: dict[str, str] = {}  # file reference -> what is wrong with it
        self._fallback_coder: str | None = None
        self.placer = SelectionPlacer(
            project, self.report, q.origin, self.coder, self.missing, self.memos
        )
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
        self.placer.maps = maps
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
        self.placer.finish()

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
        doc, _made = store_text(
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
        text_selections = [x for x in s.selections if x.kind == "text"]
        self.placer.text(doc.id, text_selections, positions, text, None)
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
        self.placer.add_areas(doc_id, [x for x in s.selections if x.kind == "pdf"])
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
                self.placer.text(doc_id, rep.selections, positions, rep_text, anchor)
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
            if link.name != EXPLAINS or not {origin, target} <= self.placer.codings_made:
                other += 1
                continue
            if origin == target or links.find_link(self.project, origin, target):
                continue
            made = CodingLink(
                LinkId(link.guid), CodingId(origin), CodingId(target), EXPLAINS, None, utc_now()
            )
            links.insert_link(self.project, made)
            changelog.log(  # as the app logs a new link
                self.project,
                None,
                "create",
                "coding_link",
                made.id,
                "coding explains another",
                {"from": origin, "to": target},
                at=made.created_at,
            )
            self.report.counts["links"] += 1
        if other:
            self.missing(f"{other} links that are not explains links between codings")

    def run(self) -> ImportReport:
        project = self.project
        with project.write():
            record = Recorder(project)
            record.read_whole()  # the import may write to any table: all of it is the edit
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
            # the codings it made, as stored: handed over, not read back (10,000s of them)
            record.inserted(codings.TABLE, self.placer.rows)
            self.report.edit = record.edit()
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
