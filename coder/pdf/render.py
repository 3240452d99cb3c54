"""Rendering pages to raw pixels (never to Qt images: that is the UI's business).

One ``PdfRenderer`` per open document. PyMuPDF is not thread-safe: the desktop app
makes every call to this module from its single PDF worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from coder.errors import PdfError
from coder.pdf.extract import open_pdf
from coder.pdf.thread import pdf_call

#: MuPDF caches decoded fonts and images in its store (256 MB by default); we shrink it
#: every so many renders so a long scroll through a large review stays bounded.
SHRINK_EVERY = 16


@dataclass(frozen=True, slots=True)
class RenderedPage:
    page: int  # 1-based
    scale: float
    width: int
    height: int
    stride: int
    samples: bytes  # RGB, 8 bits per channel, rows of ``stride`` bytes


class PdfRenderer:
    @pdf_call
    def __init__(self, data: bytes, name: str = "document.pdf") -> None:
        self._doc = open_pdf(data, name)
        self._renders = 0

    @property
    @pdf_call
    def page_count(self) -> int:
        return self._doc.page_count

    @pdf_call
    def render(self, page: int, scale: float) -> RenderedPage:
        """Render a 1-based page, rotated as it is shown, at ``scale`` pixels per point."""
        if not 1 <= page <= self._doc.page_count:
            raise PdfError(f"no page {page} in this document")
        pix = self._doc[page - 1].get_pixmap(
            matrix=pymupdf.Matrix(scale, scale), alpha=False, annots=True
        )
        self._renders += 1
        if self._renders % SHRINK_EVERY == 0:
            pymupdf.TOOLS.store_shrink(50)
        return RenderedPage(page, scale, pix.width, pix.height, pix.stride, bytes(pix.samples))

    @pdf_call
    def close(self) -> None:
        self._doc.close()


@pdf_call
def svg_to_png(svg: bytes, zoom: float = 2.0) -> bytes:
    """An SVG image rendered to PNG bytes by MuPDF (``zoom`` 2: twice its CSS pixels, sharp
    on high-density screens). Raises PdfError when MuPDF cannot read it."""
    try:
        with pymupdf.open(stream=svg, filetype="svg") as doc:
            pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            return pix.tobytes("png")
    except (RuntimeError, ValueError) as exc:
        raise PdfError(f"cannot draw the diagram ({exc})") from None
