"""Checks of the stored text model: each document's PDF, pages, words and text against
each other and against the PDF read again (the codings against the text are checked in
``check_codings``).

Reading the stored PDF again is the only way to see damage that leaves the structure
plausible (a changed byte in a word box moves a word a little). Stored words are compared
with what this PyMuPDF reads now; a document stored with another text model version is
only checked for consistency.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3

from coder.pdf.geometry import PageWords
from coder.project.check import CheckReport, Finding
from coder.project.documents import PAGES, PageRow
from coder.text.model import PAGE_SEP, TEXT_VERSION

_BOX_TOLERANCE = 0.01  # PDF points; boxes are stored as float32


def stored_pages(conn: sqlite3.Connection, doc_id: str) -> list[PageRow]:
    rows = conn.execute(
        f"SELECT {', '.join(PAGES.columns)} FROM pages WHERE document_id = ? ORDER BY page",
        [doc_id],
    ).fetchall()
    return [PageRow(*r) for r in rows]


def check_documents(conn: sqlite3.Connection, report: CheckReport) -> list[Finding]:
    out: list[Finding] = []
    texts = dict(conn.execute("SELECT document_id, text FROM document_texts").fetchall())
    docs = conn.execute(
        "SELECT id, title, kind, sha256, pages, text_version FROM documents ORDER BY rowid"
    ).fetchall()
    for doc_id, title, kind, sha, n_pages, version in docs:
        try:
            out.extend(_document(conn, doc_id, title, kind, sha, n_pages, version, texts, report))
        except Exception as exc:  # one damaged document must not hide the others
            out.append(
                Finding(
                    "unreadable",
                    f"document '{title}' could not be read ({exc})",
                    "documents",
                    doc_id,
                )
            )
    return out


def _document(
    conn: sqlite3.Connection,
    doc_id: str,
    title: str,
    kind: str,
    sha: str,
    n_pages: int,
    version: int,
    texts: dict[str, str],
    report: CheckReport,
) -> list[Finding]:
    name = f"document '{title}'"
    out: list[Finding] = []
    row = conn.execute(
        "SELECT CAST(data AS BLOB) FROM document_files WHERE document_id = ?", [doc_id]
    ).fetchone()
    text = texts.get(doc_id)
    pages = stored_pages(conn, doc_id)
    fresh = None
    if row is None:
        out.append(Finding("pdf_missing", f"{name}: its file is missing", "documents", doc_id))
    elif hashlib.sha256(row[0]).hexdigest() != sha:
        message = f"{name}: its file does not match its SHA-256 (the stored file is damaged)"
        out.append(Finding("pdf_hash", message, "documents", doc_id))
    elif kind == "pdf" and version == TEXT_VERSION:
        fresh = read_again(row[0], title, report)
    # the stored pages can be read again from the PDF when that reading gives the stored
    # text or the stored words: then every offset in the project stays valid
    restorable = (
        fresh is not None
        and text is not None
        and len(fresh.pages) == n_pages
        and (fresh.text == text or same_spans(fresh.pages, pages))
    )

    def finding(kind_: str, message: str) -> None:
        out.append(Finding(kind_, f"{name}: {message}", "documents", doc_id, restorable))

    if text is None:
        finding("text_missing", "its text is missing")
        return out
    if [p.page for p in pages] != list(range(1, n_pages + 1)):
        finding("page_rows", f"{len(pages)} page rows for {n_pages} pages")
    structure_ok = _page_structure(pages, text, finding, geometry=kind == "pdf")
    if fresh is not None:
        _against_pdf(fresh, pages, n_pages, text, structure_ok, finding)
    return out


def read_again(data: bytes, title: str, report: CheckReport | None = None):
    """The stored PDF read again by this PyMuPDF, or None (noted in ``report``) when it
    cannot be read."""
    from coder.errors import PdfError
    from coder.pdf.extract import extract_pdf

    try:
        return extract_pdf(data, title)
    except PdfError as exc:
        if report is not None:
            report.skipped.append(f"document '{title}' was not read again: {exc}")
        return None


def _page_structure(pages: list[PageRow], text: str, finding, geometry: bool = True) -> bool:
    """Pages tile the text and each page's words lie on its text (a plain-text document,
    without ``geometry``, has one page and no words). Returns whether the structure is
    sound (its findings are added through ``finding``)."""
    sound = True
    expected_start = 0
    for page in pages:
        where = f"p.{page.page}"
        if page.char_start != expected_start or not (page.char_start <= page.char_end <= len(text)):
            finding(
                "page_range",
                f"{where}: its text range {page.char_start}-{page.char_end} is out of place",
            )
            return False
        expected_start = page.char_end + len(PAGE_SEP)
        for value in (page.width, page.height, page.crop_x, page.crop_y, page.media_height):
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                finding("page_size", f"{where}: its size or offsets are not numbers")
                sound = False
                break
        if not geometry:
            continue
        words = page.words()
        if words is None:
            finding("word_geometry", f"{where}: its word blobs do not hold {page.word_count} words")
            sound = False
            continue
        page_text = text[page.char_start : page.char_end]
        problem = _word_offsets(words, page_text)
        if problem:
            finding("word_offsets", f"{where}: {problem}")
            sound = False
        problem = _word_boxes(words, page)
        if problem:
            finding("word_boxes", f"{where}: {problem}")
            sound = False
    if pages and pages[-1].char_end != len(text):
        finding("page_range", "the pages do not cover its text")
        sound = False
    return sound


def _word_offsets(words: PageWords, page_text: str) -> str | None:
    """What is wrong with the words' offsets on the page's text, or None."""
    previous_end, previous_line = 0, 0
    for i in range(words.count):
        start, end, line = words.span(i)
        if not (previous_end <= start < end <= len(page_text)):
            return f"word {i + 1} has offsets {start}-{end}, out of order or past the text"
        if line < previous_line:
            return f"word {i + 1} has line {line} after line {previous_line}"
        word, gap = page_text[start:end], page_text[previous_end:start]
        if any(ch.isspace() for ch in word):
            return f"word {i + 1} ({start}-{end}) spans a space in the text"
        if i and (not gap or gap.strip()):
            return f"the text between words {i} and {i + 1} is not a separator"
        previous_end, previous_line = end, line
    if words.count and previous_end != len(page_text):
        return "the last word does not end the page's text"
    if not words.count and page_text:
        return "the page has text but no words"
    return None


def _word_boxes(words: PageWords, page: PageRow) -> str | None:
    """What is impossible about the words' boxes, or None. Boxes are in the unrotated page
    space; a word may stick out of the CropBox a little, never by a page's size."""
    size = max(page.width, page.height, page.media_height, 1.0)
    for i in range(words.count):
        x0, y0, x1, y1 = words.box(i)
        if not all(math.isfinite(v) and abs(v) <= 3 * size for v in (x0, y0, x1, y1)):
            return f"word {i + 1} has a box off the page ({x0:g}, {y0:g}, {x1:g}, {y1:g})"
        if x1 < x0 or y1 < y0:
            return f"word {i + 1} has an inverted box ({x0:g}, {y0:g}, {x1:g}, {y1:g})"
    return None


def _against_pdf(
    fresh, pages: list[PageRow], n_pages: int, text: str, structure_ok: bool, finding
) -> None:
    """The stored pages against the stored PDF read again by this PyMuPDF."""
    if len(fresh.pages) != len(pages):
        if len(pages) == n_pages:  # else the missing page rows are the finding
            finding("pdf_pages", f"its PDF has {len(fresh.pages)} pages, the project {n_pages}")
        return
    if fresh.text != text:
        at = next(
            (i for i, (a, b) in enumerate(zip(fresh.text, text, strict=False)) if a != b),
            min(len(fresh.text), len(text)),
        )
        finding("text_differs", f"its stored text differs from its PDF's from character {at}")
    for stored, read in zip(pages, fresh.pages, strict=True):
        where = f"p.{stored.page}"
        words = stored.words()
        if words is None:
            continue  # already a finding
        if list(words.spans) != list(read.words.spans):
            finding("page_words", f"{where}: its stored words differ from its PDF's")
            continue
        size_stored = (
            stored.width,
            stored.height,
            stored.rotation,
            stored.crop_x,
            stored.crop_y,
            stored.media_height,
        )
        size_read = (
            read.width,
            read.height,
            read.rotation,
            read.crop_x,
            read.crop_y,
            read.media_height,
        )
        if not all(
            _close(a, b, _BOX_TOLERANCE) for a, b in zip(size_stored, size_read, strict=True)
        ):
            finding("page_size", f"{where}: its stored size differs from its PDF's")
        moved = next(
            (
                i
                for i, (a, b) in enumerate(zip(words.boxes, read.words.boxes, strict=True))
                if not _close(a, b, _BOX_TOLERANCE)
            ),
            None,
        )
        if moved is not None and structure_ok:
            finding(
                "word_boxes", f"{where}: word {moved // 4 + 1}'s stored box differs from its PDF's"
            )


def same_spans(read_pages, pages: list[PageRow]) -> bool:
    for read, stored in zip(read_pages, pages, strict=False):
        words = stored.words()
        if words is None or list(words.spans) != list(read.words.spans):
            return False
        if read.text and len(read.text) != stored.char_end - stored.char_start:
            return False
    return True


def _close(a: float, b: float, tolerance: float) -> bool:
    return isinstance(a, (int, float)) and math.isfinite(a) and abs(a - b) <= tolerance
