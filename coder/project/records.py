"""Frozen records returned by the repositories."""

from __future__ import annotations

from dataclasses import dataclass

from coder.ids import CodeId, CoderId, CodingId, DocumentId, LinkId, MemoId, ReviewId

Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Coder:
    id: CoderId
    name: str


@dataclass(frozen=True, slots=True)
class Document:
    id: DocumentId
    review_id: ReviewId
    kind: str
    title: str
    file_name: str
    sha256: str
    pages: int
    text_version: int
    imported_at: str
    imported_by: CoderId | None


@dataclass(frozen=True, slots=True)
class Page:
    document_id: DocumentId
    number: int  # 1-based
    width: float
    height: float
    rotation: int
    crop_x: float
    crop_y: float
    media_height: float
    char_start: int
    char_end: int
    word_count: int


@dataclass(frozen=True, slots=True)
class Code:
    id: CodeId
    parent_id: CodeId | None
    name: str
    colour: str
    description: str  # the definition
    position: int
    codable: bool
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    takes_judgement: bool | None = None  # None: as the parent (and, at the top, offered)
    takes_effect: bool | None = None
    created_at: str = ""  # as stored; "" on a code not read from a project
    modified_at: str = ""


@dataclass(frozen=True, slots=True)
class PageRect:
    page: int  # 1-based
    rect: Rect  # PDF points, the page's unrotated space, origin top-left


@dataclass(frozen=True, slots=True)
class Coding:
    id: CodingId
    document_id: DocumentId
    code_id: CodeId
    coder_id: CoderId
    kind: str  # 'text' or 'area'
    char_start: int | None
    char_end: int | None
    page_start: int
    page_end: int
    rects: tuple[PageRect, ...]
    quote: str
    effect: str | None
    created_at: str
    modified_at: str
    judgement: str | None = None  # 'good_practice', 'missed_opportunity', or None


@dataclass(frozen=True, slots=True)
class CodingLink:
    """``from_coding`` explains ``to_coding``: a factor accounts for a piece of practice."""

    id: LinkId
    from_coding_id: CodingId
    to_coding_id: CodingId
    kind: str
    coder_id: CoderId | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Memo:
    id: MemoId
    target_kind: str
    target_id: str | None
    author_id: CoderId | None
    text: str
    created_at: str
    modified_at: str


@dataclass(frozen=True, slots=True)
class FrameworkMapping:
    """A code mapped to a framework's category."""

    category_id: str
    code_id: CodeId


@dataclass(frozen=True, slots=True)
class CodingFlag:
    """A coding a merge could not place on the text it now has."""

    coding_id: CodingId
    flag: str
    detail: str
    flagged_at: str


@dataclass(frozen=True, slots=True)
class Adjudication:
    """What became of a coder's coding in the consensus layer."""

    coding_id: CodingId
    decision: str  # 'agreed', 'accepted' or 'rejected'
    consensus_coding_id: CodingId | None
    decided_by: CoderId | None
    decided_at: str


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    at: str
    coder_id: CoderId | None
    action: str
    entity: str
    entity_id: str
    summary: str
