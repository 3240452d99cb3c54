"""Where a character range lies on the pages, from the stored geometry alone."""

from __future__ import annotations

from bisect import bisect_right

from coder.errors import InvalidInputError
from coder.pdf.geometry import PageWords
from coder.project import documents
from coder.project.cache import DocumentContent
from coder.project.records import Page, PageRect
from coder.project.store import Project


def geometry_for(project: Project, document_id: str) -> DocumentGeometry:
    """The document's geometry, its text and pages kept in ``project.cache``: a document's
    stored text and geometry never change after import, and ids are never reused."""
    content = project.cache.document(document_id)
    if content is None:
        content = _read(project, document_id)
        project.cache.keep_document(document_id, content)
    return DocumentGeometry(project, document_id, content)


def _read(project: Project, document_id: str) -> DocumentContent:
    return DocumentContent(
        documents.document_text(project, document_id), documents.list_pages(project, document_id)
    )


class DocumentGeometry:
    """The stored text, pages and word boxes of one document (word boxes loaded on demand)."""

    def __init__(
        self, project: Project, document_id: str, content: DocumentContent | None = None
    ) -> None:
        self.project = project
        self.document_id = document_id
        self._content = content or _read(project, document_id)
        self.text = self._content.text
        self.pages: list[Page] = self._content.pages
        self._starts = self._content.starts
        self._words = self._content.words

    def words(self, page: int) -> PageWords:
        words = self._words.get(page)
        if words is None:
            words = self._words[page] = documents.page_words(self.project, self.document_id, page)
        return words

    def page_of(self, offset: int) -> Page:
        """The page holding ``offset`` (a page separator belongs to the page before it)."""
        i = max(bisect_right(self._starts, offset) - 1, 0)
        return self.pages[i]

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """The range without leading and trailing whitespace. Raises InvalidInputError if empty."""
        if not (0 <= start < end <= len(self.text)):
            raise InvalidInputError(
                f"characters {start}-{end} are outside this document's text (0-{len(self.text)})"
            )
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start == end:
            raise InvalidInputError("the selection holds no text")
        return start, end

    def locate(self, start: int, end: int) -> tuple[int, int, tuple[PageRect, ...]]:
        """(first page, last page, rectangles) of the range [start, end)."""
        first = self.page_of(start).number
        last = self.page_of(end - 1).number
        rects: list[PageRect] = []
        for page in self.pages[first - 1 : last]:
            lo = max(start, page.char_start) - page.char_start
            hi = min(end, page.char_end) - page.char_start
            if hi > lo:
                rects.extend(
                    PageRect(page.number, r) for r in self.words(page.number).rects_for(lo, hi)
                )
        return first, last, tuple(rects)
