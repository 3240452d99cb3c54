"""Build real PDFs in tests with PyMuPDF, remembering where every word was laid out."""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

FONT = pymupdf.Font("helv")
BOLD = pymupdf.Font("hebo")


@dataclass(frozen=True)
class LaidWord:
    page: int  # 1-based
    text: str
    rect: tuple[float, float, float, float]  # unrotated page space, origin top-left


@dataclass
class PdfBuilder:
    """Lay out text line by line at exact positions (Helvetica via TextWriter: full Unicode)."""

    words: list[LaidWord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.doc = pymupdf.open()
        self._writers: list[pymupdf.TextWriter] = []

    def page(self, width: float = 595, height: float = 842) -> int:
        page = self.doc.new_page(width=width, height=height)
        self._writers.append(pymupdf.TextWriter(page.rect))
        return len(self._writers)

    def line(
        self, x: float, baseline: float, text: str, size: float = 11, bold: bool = False
    ) -> list[LaidWord]:
        """One line of text on the last page (in Helvetica Bold with ``bold``); records
        each word's expected box and returns the line's words."""
        number = len(self._writers)
        font = BOLD if bold else FONT
        self._writers[-1].append((x, baseline), text, font=font, fontsize=size)
        cursor = x
        space = font.text_length(" ", size)
        laid = []
        for word in text.split(" "):
            w = font.text_length(word, size)
            if word:
                laid.append(
                    LaidWord(
                        number,
                        word,
                        (
                            cursor,
                            baseline - font.ascender * size,
                            cursor + w,
                            baseline - font.descender * size,
                        ),
                    )
                )
            cursor += w + space
        self.words.extend(laid)
        return laid

    def width(self, text: str, size: float = 11, bold: bool = False) -> float:
        return (BOLD if bold else FONT).text_length(text, size)

    def rect(self, r: tuple[float, float, float, float]) -> None:
        """A filled shape and no text (a scanned figure)."""
        self.doc[-1].draw_rect(pymupdf.Rect(r), color=(0, 0, 0), fill=(0.8, 0.8, 0.9))

    def tobytes(self, rotate: dict[int, int] | None = None, **save: object) -> bytes:
        for i, writer in enumerate(self._writers):
            writer.write_text(self.doc[i])
        for number, angle in (rotate or {}).items():
            self.doc[number - 1].set_rotation(angle)
        return self.doc.tobytes(**save)


def ligature_pdf() -> bytes:
    """A page whose text layer holds a real U+FB01 ligature (StandardEncoding code 0xAE)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = doc.get_new_xref()
    doc.update_object(
        font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /StandardEncoding >>"
    )
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /F9 {font} 0 R >> >>")
    content = doc.get_new_xref()
    doc.update_object(content, "<< >>")
    doc.update_stream(content, b"BT /F9 12 Tf 72 742 Td (The \\256nal report was \\256led) Tj ET")
    doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")
    return doc.tobytes()
