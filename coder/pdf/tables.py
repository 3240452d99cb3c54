"""Tables on PDF pages, read with PyMuPDF's ``find_tables`` (ruled tables: an action plan
is nearly always one). Only the pages asked for are searched: finding tables costs tens of
milliseconds a page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf

from coder.pdf.extract import open_pdf
from coder.pdf.thread import pdf_call

# find_tables prints an advertisement for an optional package on first use (to stdout,
# where it would corrupt a command's output); we use the built-in analysis on purpose.
pymupdf.no_recommend_layout()


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    bbox: tuple[float, float, float, float] | None  # None where a merged cell spans it


@dataclass(frozen=True, slots=True)
class Table:
    page: int  # 1-based
    rows: tuple[tuple[Cell, ...], ...]


@pdf_call
def find_tables(data: bytes, name: str, pages: Iterable[int]) -> list[Table]:
    """The tables on the given 1-based pages of a PDF, in page order, each with its cells'
    text and boxes (unrotated page space, origin top-left). Raises PdfError for a PDF that
    cannot be opened."""
    doc = open_pdf(data, name)
    out: list[Table] = []
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= doc.page_count:
                continue
            page = doc[number - 1]
            try:
                # find_tables' default strategy reads a table's ruled lines: a page without
                # vector drawings has none, and skipping it saves most of the cost (the
                # analysis reads every character of the page first)
                if not page.get_cdrawings():
                    continue
                found = page.find_tables()
            except Exception:  # a page MuPDF cannot analyse has no tables for us
                continue
            for table in found.tables:
                texts = table.extract()
                rows = []
                for row, row_texts in zip(table.rows, texts, strict=False):
                    cells = []
                    for bbox, text in zip(row.cells, row_texts, strict=False):
                        box = tuple(float(v) for v in bbox) if bbox is not None else None
                        cells.append(Cell(text or "", box))  # type: ignore[arg-type]
                    rows.append(tuple(cells))
                out.append(Table(number, tuple(rows)))
    finally:
        doc.close()
    return out
