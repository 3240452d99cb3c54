"""What the page view needs of one document, read from the core (no Qt here)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coder.coding.locate import DocumentGeometry, geometry_for
from coder.ids import CoderId
from coder.pdf.geometry import PageWords
from coder.project import coders, codes, codings, documents, memos, structure
from coder.project.records import Coding, Document, Page, PageRect
from coder.project.store import Project
from coder.structure.model import Locator, Paragraph, citation_text


@dataclass(frozen=True)
class CodeLook:
    path: str
    name: str
    colour: str


class DocumentData:
    """Geometry (immutable) and codings (reloaded after each change) of a document."""

    def __init__(self, project: Project, document_id: str) -> None:
        self.project = project
        self.document: Document = documents.get_document(project, document_id)
        self.geometry: DocumentGeometry = geometry_for(project, document_id)
        self.codings: list[Coding] = []
        self.by_page: dict[int, list[tuple[Coding, list[PageRect]]]] = {}
        self.codes: dict[str, CodeLook] = {}
        self.coder_names: dict[CoderId, str] = {}
        self.memos: dict[str, list[str]] = {}
        #: coders whose codings are not shown (blind coding, adjudication)
        self.hidden_coders: set[str] = set()
        #: stripes in one group of columns per coder, side by side (adjudication)
        self.by_coder = False
        self.stripe_count = 0
        self._columns_by_coder = False
        self.reload_codings()
        self.reload_structure()

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def pages(self) -> list[Page]:
        return self.geometry.pages

    @property
    def text(self) -> str:
        return self.geometry.text

    def words(self, page: int) -> PageWords:
        return self.geometry.words(page)

    def reload_codings(self) -> None:
        project = self.project
        tree = codes.code_tree(project)
        self.codes = {
            c.id: CodeLook(tree.label(c.id), c.name, c.colour) for c in codes.list_codes(project)
        }
        self.coder_names = coders.names(project)
        found = codings.list_codings(project, document_id=self.id)
        if self.hidden_coders:
            found = [c for c in found if c.coder_id not in self.hidden_coders]
        self.codings = found
        self.memos = memos.coding_memo_texts(project, self.id)
        by_page: dict[int, list[tuple[Coding, list[PageRect]]]] = defaultdict(list)
        for coding in found:
            per: dict[int, list[PageRect]] = defaultdict(list)
            for r in coding.rects:
                per[r.page].append(r)
            for page, rects in per.items():
                by_page[page].append((coding, rects))
        self.by_page = dict(by_page)

        def path(cid: str) -> str:
            return self.codes[cid].path if cid in self.codes else cid

        # a column per code; side by side, a column per (coder, code): a group per coder
        # (by name), a gap between groups. The key is (coder or "", code).
        self._columns_by_coder = self.by_coder
        columns: dict[tuple[str, str], int] = {}
        if self.by_coder:
            col = 0
            people = sorted({c.coder_id for c in found}, key=lambda i: self.coder_names.get(i, i))
            for coder in people:
                for cid in sorted({c.code_id for c in found if c.coder_id == coder}, key=path):
                    columns[(coder, cid)] = col
                    col += 1
                col += 1
        else:
            for i, cid in enumerate(sorted({c.code_id for c in found}, key=path)):
                columns[("", cid)] = i
        self._stripe_columns = columns
        self.stripe_count = max(columns.values(), default=-1) + 1

    def stripe_column(self, coding: Coding) -> int:
        """A stable margin column per code used in this document (by code path), or per
        coder and code side by side; worked out when the codings load, not at every paint."""
        coder = coding.coder_id if self._columns_by_coder else ""
        return self._stripe_columns.get((coder, coding.code_id), 0)

    def reload_structure(self) -> None:
        """The headings and numbered paragraphs in force (after a correction or detection)."""
        self.structure = structure.in_force(self.project, self.id)
        self.locator = Locator(self.structure)
        self.paragraphs_by_page: dict[int, list[Paragraph]] = defaultdict(list)
        for p in self.structure.paragraphs:
            self.paragraphs_by_page[p.page].append(p)

    def citation(self, coding: Coding) -> str:
        """``title, para 5.12, p. 34`` (paras 5.12–5.14 across paragraphs, pp. across
        pages, the page alone outside numbered paragraphs or for an area)."""
        where = self.locator.locate(coding.char_start, coding.char_end)
        return citation_text(self.document.title, where, coding.page_start, coding.page_end)
