"""Detect a document's structure and correct it: each call is one transaction.

Detection reads the stored words and their line fonts (for a document imported before
fonts were stored, the stored PDF is read again for them, and they are stored). It never
changes the text or the codings. Corrections are kept apart and replayed after every
detection, so detecting again never overwrites them.
"""

from __future__ import annotations

from collections.abc import Callable

from coder.errors import CoderError, InvalidInputError, NotFoundError
from coder.ids import DocumentId, new_id
from coder.pdf.extract import ExtractedDocument, extract_pdf
from coder.pdf.geometry import LineStyles
from coder.project import changelog, coders, documents
from coder.project import structure as stored
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.store import Project
from coder.structure.detect import NUMBER, detect
from coder.structure.kinds import check_kind
from coder.structure.lines import PageInput
from coder.structure.model import (
    STRUCTURE_VERSION,
    Heading,
    Structure,
    apply_corrections,
)
from coder.structure.plaintext import detect_text

Progress = Callable[[int, int, str], None]


def detect_extracted(doc: ExtractedDocument) -> Structure:
    """The structure of a PDF just extracted (at import, before it is stored)."""
    inputs, offset = [], 0
    for p in doc.pages:
        inputs.append(PageInput(p.number, p.width, p.height, offset, p.words, p.styles))
        offset += len(p.text) + 1
    return detect(inputs, doc.text)


def store_detected(
    project: Project, document_id: str, found: Structure, record: Recorder | None = None
) -> Structure:
    """Record what detection found and put it in force with the document's corrections
    applied. Call inside ``write()``; returns the structure in force. ``record`` learns of
    the rows changed (what was found, read before when it was there, and the headings and
    paragraphs in force, handed over as written)."""
    stored.save_detected(project, document_id, STRUCTURE_VERSION, found, utc_now())
    if record is not None:
        record.created(stored.DETECTED, [document_id])
    return _put_in_force(project, document_id, found, record)


def _put_in_force(
    project: Project, document_id: str, found: Structure, record: Recorder | None
) -> Structure:
    text = documents.document_text(project, document_id)
    fixes = [c.correction for c in stored.corrections(project, document_id)]
    force = apply_corrections(found, fixes, text, stored.page_starts(project, document_id))
    for rewrite in stored.write_in_force(project, document_id, force):
        if record is not None:
            record.wrote(rewrite.table, rewrite.before, rewrite.after)
    return force


def detect_document(project: Project, document_id: str) -> Edit:
    """Detect (again) the structure of one stored document, in one transaction; returns
    the ``Edit`` (what was found, the fonts read again, the structure in force). Raises
    NotFoundError for an unknown document."""
    doc = documents.get_document(project, document_id)
    text = documents.document_text(project, document_id)
    if doc.kind == "text":
        found, fonts = detect_text(text), None
    else:
        pages = stored.page_inputs(project, document_id)
        fonts = None
        if any(p.styles is None for p in pages):
            fonts = _read_fonts(project, document_id, text)
            if fonts is not None:
                pages = [
                    PageInput(p.number, p.width, p.height, p.char_start, p.words, s)
                    for p, s in zip(pages, fonts, strict=True)
                ]
        found = detect(pages, text)
    with project.write():
        record = Recorder(project)
        record.read(stored.DETECTED, [document_id])
        store_detected(project, document_id, found, record)
        if fonts is not None:
            record.read(stored.PAGE_STYLES, [(document_id, n) for n in range(1, len(fonts) + 1)])
            stored.set_line_styles(project, document_id, fonts)
        return record.edit(Changes.of(structure=[document_id]))


def _read_fonts(project: Project, document_id: str, text: str) -> list[LineStyles] | None:
    """The line fonts of a document imported before they were stored, from its stored
    PDF; None when the PDF no longer gives the stored text (detection then estimates
    sizes from the word boxes)."""
    doc = documents.get_document(project, document_id)
    try:
        extracted = extract_pdf(documents.document_pdf(project, document_id), doc.file_name)
    except CoderError:
        return None
    if extracted.text != text or len(extracted.pages) != doc.pages:
        return None
    return [p.styles for p in extracted.pages]


def detect_stale(
    project: Project,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Edit:
    """Detect the structure of every document never detected, or detected by an older
    detector, one transaction each; returns the sum of their ``Edit``s (each names its
    document under ``structure``: ``detected`` counts them)."""
    todo = stored.stale_documents(project, STRUCTURE_VERSION)
    edits = []
    for i, document_id in enumerate(todo):
        if cancelled and cancelled():
            break
        if progress:
            progress(i, len(todo), documents.get_document(project, document_id).title)
        edits.append(detect_document(project, document_id))
    if progress:
        progress(len(edits), len(todo), "")
    return _sum(edits)


def _sum(edits: list[Edit]) -> Edit:
    """``edits[0] + edits[1] + ...``, added in neighbouring pairs (``+`` is associative):
    each row is handled about log2(n) times, not once for every later edit (adding them
    one by one took 3 s for 30 documents detected from scratch, and grows as n²)."""
    while len(edits) > 1:
        edits = [a + b for a, b in zip(edits[::2], edits[1::2], strict=False)] + (
            edits[-1:] if len(edits) % 2 else []
        )
    return edits[0] if edits else Edit()


def detected(edit: Edit) -> int:
    """How many documents a ``detect_stale`` edit detected the structure of."""
    return len(edit.changes.ids("structure"))


# -- corrections -------------------------------------------------------------------
# Each returns the ``Edit`` it made: the correction's row, and the headings and paragraphs
# in force as they were and became. Undo is ``apply(edit.inverse())``.


def kind_summary(heading: Heading, kind: str) -> str:
    return f"section '{heading.label}' is {kind}"


def merge_summary(heading: Heading) -> str:
    return f"heading '{heading.label}' merged into the one before"


def paragraph_summary(start: int, number: str) -> str:
    return f"paragraph {_number(number)} marked at offset {start}"


def _number(number: str) -> str:
    return number.strip().rstrip(".")


def set_section_kind(
    project: Project, document_id: str, heading: Heading, kind: str, coder_name: str
) -> Edit:
    """The section under ``heading`` (and its sub-sections without a kind of their own)
    is of ``kind``."""
    try:
        check_kind(kind)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    return _correct(
        project,
        document_id,
        "kind",
        heading.start,
        kind,
        coder_name,
        kind_summary(heading, kind),
    )


def merge_heading(project: Project, document_id: str, heading: Heading, coder_name: str) -> Edit:
    """``heading`` joins the heading before it (a title wrapped over two lines, or a
    section that is part of the one before)."""
    force = stored.in_force(project, document_id)
    starts = [h.start for h in force.headings]
    if heading.start not in starts:
        raise NotFoundError(f"no heading '{heading.label}' in this document")
    if starts.index(heading.start) == 0:
        raise InvalidInputError(
            f"'{heading.label}' is the first heading; there is none before it to merge into"
        )
    return _correct(
        project, document_id, "merge", heading.start, "", coder_name, merge_summary(heading)
    )


def mark_paragraph(
    project: Project, document_id: str, start: int, number: str, coder_name: str
) -> Edit:
    """A paragraph numbered ``number`` starts at offset ``start`` (the detector missed
    it, or read its number wrong)."""
    number = _number(number)
    if not NUMBER.fullmatch(number):
        raise InvalidInputError(
            f"'{number}' is not a paragraph number; write it as 5.12, 5.12.3 or 12"
        )
    text = documents.document_text(project, document_id)
    if not 0 <= start < len(text) or text[start].isspace():
        raise InvalidInputError(
            f"offset {start} is not at a word in the document's text (0 to {len(text) - 1})"
        )
    return _correct(
        project,
        document_id,
        "paragraph",
        start,
        number,
        coder_name,
        paragraph_summary(start, number),
    )


def _correct(
    project: Project,
    document_id: str,
    action: str,
    start: int,
    value: str,
    coder_name: str,
    summary: str,
) -> Edit:
    documents.get_document(project, document_id)
    with project.write():  # one transaction, detecting first when it never was
        first = Edit()
        if stored.detected(project, document_id) is None:
            first = detect_document(project, document_id)
        coder = coders.ensure_coder(project, coder_name)
        record = Recorder(project)
        row = stored.StoredCorrection(
            new_id(), DocumentId(document_id), action, start, value, coder.id, utc_now()
        )
        stored.insert_corrections(project, [row])
        record.created(stored.CORRECTIONS, [row.id])
        _refresh(project, document_id, record)
        changelog.log(project, coder.id, "update", "document", document_id, summary)
        return first + record.edit(Changes.of(structure=[document_id]))


def _refresh(project: Project, document_id: str, record: Recorder) -> None:
    found = stored.detected(project, document_id)
    if found is not None:
        _put_in_force(project, document_id, found[1], record)
