"""What an open project keeps in memory between calls, with one place that empties it.

Only data that never changes once written is kept: a document's stored text, pages and
word boxes (documents are never edited after import, and ids are never reused). Another
process writing the file is the one reason to drop it all: ``ProjectCache.clear``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from coder.pdf.geometry import PageWords
from coder.project.records import Page

#: documents whose text and geometry stay in memory (the least recently used goes first)
CACHED_DOCUMENTS = 8


@dataclass
class DocumentContent:
    """One document's stored text and pages; its word boxes are read page by page, on
    first use, into ``words``."""

    text: str
    pages: list[Page]
    words: dict[int, PageWords] = field(default_factory=dict)
    #: each page's first character, for finding the page of an offset
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [p.char_start for p in self.pages]


@dataclass
class ProjectCache:
    documents: OrderedDict[str, DocumentContent] = field(default_factory=OrderedDict)

    def document(self, document_id: str) -> DocumentContent | None:
        """The cached content of this document, or None; marks it recently used."""
        content = self.documents.get(document_id)
        if content is not None:
            self.documents.move_to_end(document_id)
        return content

    def keep_document(self, document_id: str, content: DocumentContent) -> None:
        self.documents[document_id] = content
        self.documents.move_to_end(document_id)
        while len(self.documents) > CACHED_DOCUMENTS:
            self.documents.popitem(last=False)

    def clear(self) -> None:
        """Forget everything: another process changed the project file."""
        self.documents.clear()
