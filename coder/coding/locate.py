"""Where a character range lies on the pages, from the stored geometry alone."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

from coder.errors import InvalidInputError
from coder.pdf.geometry import PageWords
from coder.project import documents
from coder.project.records import Page, PageRect
from coder.project.store import Project


def geometry_for(project: Project, document_id: str) -> DocumentGeometry:
    """The document's geometry, cached on the open project: a document's stored text and
    geometry never change after import, and ids are never reused."""
    cache = project.cache.setdefault("geometry", OrderedDict())
    geometry = cache.get(document_id)
    if geometry is None:
        geometry = cache[document_id] = DocumentGeometry(project, document_id)
        while len(cache) > _CACHED_DOCUMENTS:
            cache.popitem(last=False)
    else:
        cache.move_to_end(document_id)
    return geometry


_CACHED_DOCUMENTS = 8


class DocumentGeometry:
    """The stored text, pages and word boxes of one document (word boxes loaded on demand)."""

    def __init__(self, project: Project, document_id: str) -> None:
        self.project = project
        self.document_id = document_id
        self.text = documents.document_text(project, document_id)
        self.pages: list[Page] = documents.list_pages(project, document_id)
        self._starts = [p.char_start for p in self.pages]
        self._words: dict[int, PageWords] = {}

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
