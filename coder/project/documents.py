"""Documents, their pages and stored text model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coder.errors import NotFoundError
from coder.ids import DocumentId, ReviewId
from coder.pdf.geometry import PageWords
from coder.project.records import Document, Page
from coder.project.store import Project
from coder.project.table import Table

_DOC_COLS = (
    "id, review_id, kind, title, file_name, sha256, pages, text_version, imported_at, imported_by"
)
_PAGE_COLS = (
    "document_id, page, width, height, rotation, crop_x, crop_y, media_height, "
    "char_start, char_end, word_count"
)


def list_documents(project: Project) -> list[Document]:
    rows = project.conn.execute(f"SELECT {_DOC_COLS} FROM documents ORDER BY title, rowid")
    return [Document(*r) for r in rows]


def get_document(project: Project, document_id: str) -> Document:
    row = project.conn.execute(
        f"SELECT {_DOC_COLS} FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {document_id} in this project")
    return Document(*row)


def find_by_sha256(project: Project, sha256: str) -> Document | None:
    row = project.conn.execute(
        f"SELECT {_DOC_COLS} FROM documents WHERE sha256 = ?", [sha256]
    ).fetchone()
    return Document(*row) if row else None


def document_text(project: Project, document_id: str) -> str:
    row = project.conn.execute(
        "SELECT text FROM document_texts WHERE document_id = ?", [document_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no text stored for document {document_id}")
    return row[0]


def document_pdf(project: Project, document_id: str) -> bytes:
    row = project.conn.execute(
        "SELECT data FROM document_files WHERE document_id = ?", [document_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no file stored for document {document_id}")
    return row[0]


def list_pages(project: Project, document_id: str) -> list[Page]:
    rows = project.conn.execute(
        f"SELECT {_PAGE_COLS} FROM pages WHERE document_id = ? ORDER BY page", [document_id]
    )
    return [Page(*r) for r in rows]


def page_words(project: Project, document_id: str, page: int) -> PageWords:
    row = project.conn.execute(
        "SELECT word_boxes, word_spans FROM pages WHERE document_id = ? AND page = ?",
        [document_id, page],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"document {document_id} has no page {page}")
    return PageWords.from_blobs(row[0], row[1])


def pages_without_text(project: Project, document_id: str) -> list[int]:
    rows = project.conn.execute(
        "SELECT page FROM pages WHERE document_id = ? AND word_count = 0 ORDER BY page",
        [document_id],
    )
    return [r[0] for r in rows]


def candidate_documents(project: Project, fts_query: str) -> list[DocumentId]:
    """Documents whose text the full-text index says may match (a superset of true
    matches), by title."""
    rows = project.conn.execute(
        "SELECT t.document_id FROM document_fts f JOIN document_texts t ON t.id = f.rowid "
        "JOIN documents d ON d.id = t.document_id WHERE document_fts MATCH ? "
        "ORDER BY d.title COLLATE NOCASE, d.rowid",
        [fts_query],
    )
    return [DocumentId(r[0]) for r in rows]


def titles(project: Project) -> dict[DocumentId, str]:
    """Every document's title by id."""
    return {DocumentId(i): t for i, t in project.conn.execute("SELECT id, title FROM documents")}


def file_names(project: Project) -> dict[DocumentId, str]:
    """Every document's file name by id."""
    rows = project.conn.execute("SELECT id, file_name FROM documents")
    return {DocumentId(i): f for i, f in rows}


def sha256s(project: Project) -> set[str]:
    """The SHA-256 of every document's file."""
    return {r[0] for r in project.conn.execute("SELECT sha256 FROM documents")}


def text_lengths(project: Project, document_ids: Iterable[str]) -> dict[DocumentId, int]:
    """document -> the length of its stored text, in characters (for those that have one)."""
    ids = sorted(set(document_ids))
    lengths: dict[DocumentId, int] = {}
    for i in range(0, len(ids), 400):  # well under SQLite's bound on parameters
        chunk = ids[i : i + 400]
        marks = ",".join("?" * len(chunk))
        lengths.update(
            project.conn.execute(
                f"SELECT document_id, length(text) FROM document_texts "
                f"WHERE document_id IN ({marks})",
                chunk,
            )
        )
    return lengths


def review_id_of(project: Project, document_id: str) -> ReviewId | None:
    """The review a document is in; None when there is no such document."""
    row = project.conn.execute(
        "SELECT review_id FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    return ReviewId(row[0]) if row else None


_INSERT_PAGES = (
    "INSERT INTO pages (document_id, page, width, height, rotation, crop_x, crop_y, "
    "media_height, char_start, char_end, word_count, word_boxes, word_spans, line_styles) "
    f"VALUES ({', '.join('?' * 14)})"
)


def insert_document(project: Project, document: Document, data: bytes) -> None:
    """Add a document (stamped as changed when imported) and its file. Call inside
    ``write()``; its pages and text follow with ``insert_pages`` and ``insert_text``."""
    project.conn.execute(
        "INSERT INTO documents (id, review_id, kind, title, file_name, sha256, pages, "
        "text_version, imported_at, imported_by, modified_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            document.id,
            document.review_id,
            document.kind,
            document.title,
            document.file_name,
            document.sha256,
            document.pages,
            document.text_version,
            document.imported_at,
            document.imported_by,
            document.imported_at,
        ],
    )
    project.conn.execute(
        "INSERT INTO document_files (document_id, data) VALUES (?, ?)", [document.id, data]
    )


def insert_pages(project: Project, pages: Iterable[PageRow]) -> None:
    """Add a document's pages, in one statement."""
    project.conn.executemany(_INSERT_PAGES, [PAGES.row(p) for p in pages])


def insert_text(project: Project, document_id: str, text: str) -> None:
    """Add a document's text (the full-text index follows it by trigger)."""
    project.conn.execute(
        "INSERT INTO document_texts (document_id, text) VALUES (?, ?)", [document_id, text]
    )


# -- whole rows, as an ``Edit`` records an import ----------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A documents row whole."""

    id: str
    review_id: str
    kind: str
    title: str
    file_name: str
    sha256: str
    pages: int
    text_version: int
    imported_at: str
    imported_by: str | None
    modified_at: str
    publication_status: str | None


@dataclass(frozen=True, slots=True)
class FileRow:
    """A document's file as imported."""

    document_id: str
    data: bytes


@dataclass(frozen=True, slots=True)
class TextRow:
    """A document's text (``id`` is the full-text index's rowid)."""

    id: int
    document_id: str
    text: str


@dataclass(frozen=True, slots=True)
class PageRow:
    """A pages row whole: a page as written at import, its words and line styles
    included (the columns of ``pages`` in order)."""

    document_id: str
    page: int
    width: float
    height: float
    rotation: int
    crop_x: float
    crop_y: float
    media_height: float
    char_start: int
    char_end: int
    word_count: int
    word_boxes: bytes
    word_spans: bytes
    line_styles: bytes | None

    def words(self) -> PageWords | None:
        """The page's words, or None when the blobs do not hold ``word_count`` words."""
        n = self.word_count
        if len(self.word_boxes) != 16 * n or len(self.word_spans) != 12 * n:
            return None
        return PageWords.from_blobs(self.word_boxes, self.word_spans)


#: written after the review, before what belongs to the document; deleted the other way
DOCUMENTS = Table("documents", "document", DocumentRow, DocumentRow.__match_args__, rank=1)
FILES = Table(
    "document_files",
    "document_file",
    FileRow,
    ("document_id", "data"),
    key=("document_id",),
    rank=2,
)
TEXTS = Table(
    "document_texts",
    "document_text",
    TextRow,
    ("id", "document_id", "text"),
    key=("document_id",),
    rank=2,
)
PAGES = Table("pages", "page", PageRow, PageRow.__match_args__, key=("document_id", "page"), rank=2)
