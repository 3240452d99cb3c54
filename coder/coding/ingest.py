"""Import PDFs: parse first, then one transaction per file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coder.coding.structure import detect_extracted, store_detected
from coder.errors import CoderError
from coder.ids import CoderId, DocumentId, ReviewId, new_id
from coder.pdf.extract import ExtractedDocument, extract_pdf, read_file_bytes, sha256_of
from coder.project import changelog, coders, documents, reviews
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.records import Document
from coder.project.store import Project
from coder.structure.plaintext import detect_text
from coder.text.model import PAGE_SEP, TEXT_VERSION


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # 'imported', 'duplicate' or 'failed'
    document: Document | None = None
    message: str = ""
    warnings: tuple[str, ...] = field(default=())
    #: what an import created (its document, review, pages and text); empty otherwise
    edit: Edit = field(default_factory=Edit, compare=False)


def find_pdfs(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, and the PDFs inside folders (recursively, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
            )
        else:
            found.append(path)
    return found


def import_pdf(project: Project, path: str | Path, coder_name: str) -> ImportOutcome:
    """Import one PDF file. Never raises for a bad file: the outcome says why it failed."""
    path = Path(path)
    try:
        data = read_file_bytes(path)
        existing = documents.find_by_sha256(project, sha256_of(data))
        if existing:
            return ImportOutcome(path, "duplicate", existing, f"same file as '{existing.title}'")
        extracted = extract_pdf(data, path.name)  # all parsing happens before the write begins
        return store_extracted(project, extracted, coder_name, path)
    except CoderError as exc:
        return ImportOutcome(path, "failed", message=str(exc))


def store_extracted(
    project: Project,
    doc: ExtractedDocument,
    coder_name: str,
    path: Path | None = None,
    document_id: str | None = None,
    review_id: str | None = None,
) -> ImportOutcome:
    """Write an extracted PDF as a new document in its own review, in one transaction
    (with ``document_id`` when it comes with one, as from a REFI-QDA project; into the
    existing review ``review_id`` when given, as a candidate's PDF attached later)."""
    path = path or Path(doc.file_name)
    found = detect_extracted(doc)  # before the write begins, as the parsing is
    existing_review = review_id is not None
    with project.write():
        existing = documents.find_by_sha256(project, doc.sha256)
        if existing:
            return ImportOutcome(path, "duplicate", existing, f"same file as '{existing.title}'")
        record = Recorder(project)
        if review_id is not None:
            record.read(reviews.TABLE, [review_id])
        document_id, review_id, coder_id, now = _new_document(
            project,
            record,
            document_id,
            "pdf",
            doc.title,
            doc.file_name,
            doc.sha256,
            len(doc.pages),
            doc.data,
            coder_name,
            doc.text_version,
            review_id,
        )
        rows = []
        offset = 0
        for page in doc.pages:
            boxes, spans = page.words.to_blobs()
            end = offset + len(page.text)
            rows.append(
                documents.PageRow(
                    document_id,
                    page.number,
                    page.width,
                    page.height,
                    page.rotation,
                    page.crop_x,
                    page.crop_y,
                    page.media_height,
                    offset,
                    end,
                    page.words.count,
                    boxes,
                    spans,
                    page.styles.to_blob(),
                )
            )
            offset = end + len(PAGE_SEP)
        documents.insert_pages(project, rows)
        documents.insert_text(project, document_id, doc.text)
        store_detected(project, document_id, found, record)
        changelog.log_many(
            project,
            [
                (coder_id, "update", "review", review_id, f"PDF '{doc.file_name}' attached")
                if existing_review
                else (coder_id, "create", "review", review_id, f"review '{doc.title}' created"),
                (coder_id, "create", "document", document_id, f"imported '{doc.file_name}'"),
            ],
            at=now,
        )
        document = documents.get_document(project, document_id)
        edit = record.edit()
    warnings = []
    blank = doc.pages_without_text
    if blank:
        warnings.append(
            f"{len(blank)} page(s) without a text layer ({_page_list(blank)}): code them by area"
        )
    return ImportOutcome(path, "imported", document, warnings=tuple(warnings), edit=edit)


def _page_list(pages: list[int]) -> str:
    shown = ", ".join(str(p) for p in pages[:10])
    return "page " + shown + (" …" if len(pages) > 10 else "")


def store_text(
    project: Project,
    title: str,
    file_name: str,
    data: bytes,
    text: str,
    coder_name: str,
    document_id: str | None = None,
) -> tuple[Document, Edit]:
    """Store a plain-text document (from another tool): ``data`` as given, ``text`` as
    decoded. It has one page without geometry; codings on it are character ranges.
    Returns the document and the ``Edit`` that made it (empty for a file stored already)."""
    found = detect_text(text)
    with project.write():
        sha = sha256_of(data)
        existing = documents.find_by_sha256(project, sha)
        if existing:
            return existing, Edit()
        record = Recorder(project)
        doc_id, review_id, coder_id, now = _new_document(
            project, record, document_id, "text", title, file_name, sha, 1, data, coder_name
        )
        # one page without geometry: the whole text, no words
        documents.insert_pages(
            project,
            [documents.PageRow(doc_id, 1, 0, 0, 0, 0, 0, 0, 0, len(text), 0, b"", b"", None)],
        )
        documents.insert_text(project, doc_id, text)
        store_detected(project, doc_id, found, record)
        changelog.log_many(
            project,
            [
                (coder_id, "create", "review", review_id, f"review '{title}' created"),
                (coder_id, "create", "document", doc_id, f"imported '{file_name}'"),
            ],
            at=now,
        )
        return documents.get_document(project, doc_id), record.edit()


def _new_document(
    project: Project,
    record: Recorder,
    document_id: str | None,
    kind: str,
    title: str,
    file_name: str,
    sha: str,
    pages: int,
    data: bytes,
    coder_name: str,
    text_version: int = TEXT_VERSION,
    into_review: str | None = None,
) -> tuple[DocumentId, ReviewId, CoderId, str]:
    """Insert a document in a review of its own (or in ``into_review``), with its file:
    (document id, review id, importing coder id, time). ``record`` learns of the rows made
    (its pages and text too, which the caller inserts next). Call inside ``write()``."""
    known = coders.find_coder(project, " ".join(coder_name.split()))
    coder = known or coders.ensure_coder(project, coder_name)
    if known is None:
        record.created(coders.TABLE, [coder.id])
    now = utc_now()
    doc_id = DocumentId(document_id or new_id())
    if into_review is None:
        review_id = ReviewId(new_id())
        reviews.insert_review(project, review_id, title, now)
        record.created(reviews.TABLE, [review_id])
    else:
        review_id = ReviewId(into_review)
        reviews.touch(project, review_id, now)
    document = Document(
        doc_id, review_id, kind, title, file_name, sha, pages, text_version, now, coder.id
    )
    documents.insert_document(project, document, data)
    record.created(documents.DOCUMENTS, [doc_id])
    record.created(documents.FILES, [doc_id])
    record.created(documents.TEXTS, [doc_id])
    record.created(documents.PAGES, [(doc_id, n) for n in range(1, pages + 1)])
    return doc_id, review_id, coder.id, now
