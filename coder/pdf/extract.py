"""Read a PDF once, at import, into the stored text model (see coder.text.model)."""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass
from pathlib import Path, PurePath

import pymupdf

from coder.errors import CoderError, PdfError
from coder.inputs import read_regular_file
from coder.pdf.geometry import LineStyles, PageWords
from coder.pdf.thread import pdf_call
from coder.text.model import BLOCK_SEP, LINE_SEP, PAGE_SEP, TEXT_VERSION, WORD_SEP, normalise

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

# Fixed flags, so a PyMuPDF upgrade cannot silently change what is extracted.
# Ligatures are preserved by MuPDF and expanded by us (coder.text.model).
WORD_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_MEDIABOX_CLIP
    | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
)

MAX_PDF_BYTES = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    number: int  # 1-based
    width: float  # unrotated page (CropBox) size, PDF points
    height: float
    rotation: int  # 0, 90, 180 or 270
    crop_x: float  # CropBox offset from the MediaBox's top-left corner
    crop_y: float
    media_height: float
    text: str
    words: PageWords
    styles: LineStyles


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    data: bytes
    sha256: str
    file_name: str
    title: str
    text_version: int
    pages: tuple[ExtractedPage, ...]

    @property
    def text(self) -> str:
        return PAGE_SEP.join(p.text for p in self.pages)

    @property
    def pages_without_text(self) -> list[int]:
        return [p.number for p in self.pages if p.words.count == 0]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_pdf_file(path: str | Path) -> ExtractedDocument:
    """Read and extract a PDF file. Raises PdfError with a one-line reason."""
    path = Path(path)
    return extract_pdf(read_file_bytes(path), path.name)


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a file to import. Raises PdfError when it cannot be read."""
    try:
        return read_regular_file(path, MAX_PDF_BYTES, "split it before importing")
    except CoderError as exc:
        raise PdfError(str(exc)) from None


def _looks_like_html(data: bytes) -> bool:
    """A web page served in place of a PDF (a login or "file moved" page, a viewer): it
    starts with markup, not ``%PDF-``, though it may mention ``%PDF-`` in its first
    kilobyte, which the header check alone would take for a PDF and then call truncated."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head)


def check_pdf_bytes(data: bytes, name: str) -> None:
    """Cheap checks before MuPDF sees the bytes (MuPDF repairs almost anything silently)."""
    if not data:
        raise PdfError(f"{name}: the file is empty")
    if _looks_like_html(data):
        raise PdfError(
            f"{name}: not a PDF file but a web page (HTML) saved under a .pdf name; "
            "open the link in a browser and download the PDF itself"
        )
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{name}: not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError(
            f"{name}: the PDF is truncated (no end-of-file marker); download or export it again"
        )


@pdf_call
def open_pdf(data: bytes, name: str) -> pymupdf.Document:
    """Open PDF bytes with MuPDF. Raises PdfError when it cannot be opened without a password."""
    check_pdf_bytes(data, name)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for damaged files
        raise PdfError(
            f"{name}: the PDF is damaged and cannot be read ({_reason(exc)}); download it again"
        ) from None
    try:
        locked = doc.needs_pass and not doc.authenticate("")
        pages = 0 if locked else doc.page_count
    except Exception as exc:  # a page tree MuPDF cannot count ("Invalid number of pages")
        doc.close()
        raise PdfError(
            f"{name}: the PDF is damaged and cannot be read ({_reason(exc)}); download it again"
        ) from None
    if locked:
        doc.close()
        raise PdfError(
            f"{name}: the PDF needs a password to open; save an unprotected copy and import that"
        )
    if pages == 0:
        doc.close()
        raise PdfError(f"{name}: the PDF has no pages")
    return doc


@pdf_call
def extract_pdf(data: bytes, file_name: str) -> ExtractedDocument:
    """Extract the text model of every page. Raises PdfError for unusable input."""
    name = PurePath(file_name).name
    doc = open_pdf(data, name)
    try:
        pages = []
        damaged = []
        for number in range(doc.page_count):
            try:
                page = doc[number]
                extracted = _extract_page(page)
                if extracted.words.count == 0 and _content_is_missing(doc, page):
                    damaged.append(number + 1)
                pages.append(extracted)
            except Exception as exc:
                raise PdfError(
                    f"{name}: page {number + 1} cannot be read ({_reason(exc)}); the PDF is "
                    "damaged: download it again"
                ) from None
        if damaged:
            raise PdfError(
                f"{name}: the PDF is damaged: {_pages(damaged)} cannot be read "
                "(their content is missing, as in a truncated download); download it again"
            )
        try:
            metadata = doc.metadata
        except Exception:  # a damaged Info dictionary: the file name serves as the title
            metadata = None
        title = choose_title(metadata.get("title") if metadata else None, name)
    finally:
        doc.close()
    return ExtractedDocument(
        data=data,
        sha256=sha256_of(data),
        file_name=name,
        title=title,
        text_version=TEXT_VERSION,
        pages=tuple(pages),
    )


def _content_is_missing(doc: pymupdf.Document, page: pymupdf.Page) -> bool:
    """Whether a page without words is damage rather than a scan: a content stream it
    names is missing or unreadable (MuPDF repairs such a file into blank pages)."""
    if not doc.is_repaired:
        return False
    for xref in page.get_contents():
        try:
            doc.xref_stream(xref)
        except Exception:
            return True
    return False


def _pages(numbers: list[int]) -> str:
    """``page 3`` or ``pages 3-5, 9`` (runs joined)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:5])
    more = ", …" if len(runs) > 5 else ""
    return ("page " if len(numbers) == 1 else "pages ") + shown + more


def _extract_page(page: pymupdf.Page) -> ExtractedPage:
    # Natural (content-stream) order, never sort=True: sorting by position
    # interleaves the lines of side-by-side columns.
    # One text page serves the words and the fonts of their lines (building it is
    # most of the cost; reading the fonts from it adds about half of a words pass).
    textpage = page.get_textpage(flags=WORD_FLAGS)
    raw = page.get_text("words", textpage=textpage)
    fonts = _line_fonts(textpage)
    styles: list[float] = []
    parts: list[str] = []
    kept: list[tuple] = []  # the raw words that carry text, in order
    spans: list[int] = []
    offset = 0
    line_index = -1
    prev_block = prev_line = None
    for w in raw:
        word = w[4] if w[4].isascii() else normalise(w[4])
        if not word:
            continue
        block, line = w[5], w[6]
        if prev_block is None:
            line_index = 0
            styles += fonts.get((block, line), _NO_STYLE)
        else:
            if block != prev_block:
                sep = BLOCK_SEP
                line_index += 1
            elif line != prev_line:
                sep = LINE_SEP
                line_index += 1
            else:
                sep = WORD_SEP
            if sep != WORD_SEP:
                styles += fonts.get((block, line), _NO_STYLE)
            parts.append(sep)
            offset += len(sep)
        prev_block, prev_line = block, line
        parts.append(word)
        end = offset + len(word)
        kept.append(w)
        spans += (offset, end, line_index)
        offset = end
    # one conversion per page, not two array.extend calls per word
    boxes = array("f", [v for w in kept for v in w[:4]])
    crop = page.cropbox
    media = page.mediabox
    return ExtractedPage(
        number=page.number + 1,
        width=crop.width,
        height=crop.height,
        rotation=page.rotation,
        crop_x=crop.x0 - media.x0,
        crop_y=crop.y0 - media.y0,
        media_height=media.height,
        text="".join(parts),
        words=PageWords(boxes, array("I", spans)),
        styles=LineStyles(array("f", styles)),
    )


_NO_STYLE = (0.0, 0.0)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _line_fonts(textpage: pymupdf.TextPage) -> dict[tuple[int, int], tuple[float, float]]:
    """(block, line) -> (font size, style flags) of the span holding most of the line's
    characters: the size in points, and flags as in LineStyles (bold from the font's flag
    or, where a PDF does not set it, from its name)."""
    fonts: dict[tuple[int, int], tuple[float, float]] = {}
    for b, block in enumerate(textpage.extractDICT()["blocks"]):
        for li, line in enumerate(block.get("lines", ())):
            best = None
            most = -1
            for span in line["spans"]:
                n = len(span["text"].strip())
                if n > most:
                    most, best = n, span
            if best is None:
                continue
            bold = best["flags"] & 16 or _BOLD_NAME.search(best["font"])
            italic = best["flags"] & 2
            flags = (LineStyles.BOLD if bold else 0) | (LineStyles.ITALIC if italic else 0)
            fonts[(b, li)] = (round(best["size"], 2), float(flags))
    return fonts


_JUNK_TITLE = re.compile(
    r"""^(
        microsoft\s+(word|powerpoint|excel)\s*-.*
      | .*\.(docx?|pdf|rtf|odt|pptx?|xlsx?|indd|tex|txt)
      | untitled.* | title | document\d* | doc\d* | slide\s*\d* | powerpoint\s+presentation
      | [\W_\d]*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def choose_title(metadata_title: str | None, file_name: str) -> str:
    """The PDF's metadata title unless it is empty or junk, else the file name without extension."""
    title = " ".join((metadata_title or "").split())
    if title and not _JUNK_TITLE.match(title):
        return normalise(title)
    stem = PurePath(file_name).stem
    return normalise(stem) or file_name


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
