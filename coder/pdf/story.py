"""HTML to PDF with PyMuPDF's Story (no browser, no extra dependency)."""

from __future__ import annotations

import io

import pymupdf

from coder.pdf.thread import pdf_call

A4 = pymupdf.paper_rect("a4")
MARGIN = 56


@pdf_call
def html_to_pdf(html: str, css: str = "") -> bytes:
    """Lay out simple HTML (headings, paragraphs, lists, blockquotes, tables) on A4 pages."""
    story = pymupdf.Story(html=html, user_css=css)
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out)
    where = pymupdf.Rect(A4.x0 + MARGIN, A4.y0 + MARGIN, A4.x1 - MARGIN, A4.y1 - MARGIN)
    more = True
    while more:
        device = writer.begin_page(A4)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return out.getvalue()
