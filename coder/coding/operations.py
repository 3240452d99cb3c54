"""Coding a selection: text ranges and page areas."""

from __future__ import annotations

from dataclasses import replace

from coder.coding.locate import DocumentGeometry, geometry_for
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CodeId, CoderId, CodingId, DocumentId, new_id
from coder.project import changelog, codes, codings, documents, memos
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.records import Coding, PageRect, Rect
from coder.project.store import Project
from coder.project.table import Table
from coder.text.short import short

EFFECTS = ("supports", "hinders")


def check_effect(effect: str | None) -> str | None:
    if effect in (None, ""):
        return None
    if effect not in EFFECTS:
        raise InvalidInputError(f"effect must be 'supports' or 'hinders', not '{effect}'")
    return effect


def _check_code(project: Project, code_id: str) -> None:
    code = codes.get_code(project, code_id)
    if code is None:
        raise NotFoundError(f"no code with id {code_id}")
    if not code.codable:
        raise InvalidInputError(f"'{code.name}' is a folder, not a code that can be applied")


def new_text_coding(
    geometry: DocumentGeometry,
    code_id: CodeId,
    coder_id: CoderId,
    start: int,
    end: int,
    effect: str | None,
    now: str,
) -> Coding:
    """A coding record for [start, end) of the stored text (trimmed of outer whitespace)."""
    start, end = geometry.trim(start, end)
    first, last, rects = geometry.locate(start, end)
    return Coding(
        CodingId(new_id()),
        DocumentId(geometry.document_id),
        code_id,
        coder_id,
        "text",
        start,
        end,
        first,
        last,
        rects,
        geometry.text[start:end],
        effect,
        now,
        now,
    )


def code_text(
    project: Project,
    document_id: DocumentId,
    code_id: CodeId,
    coder_id: CoderId,
    start: int,
    end: int,
    effect: str | None = None,
) -> Edit:
    """Code characters [start, end) of a document. A range this coder already coded with this
    code is not added twice (the edit is then empty). Raises InvalidInputError /
    NotFoundError."""
    effect = check_effect(effect)
    with project.write():
        _check_code(project, code_id)
        geometry = geometry_for(project, document_id)
        coding = new_text_coding(geometry, code_id, coder_id, start, end, effect, utc_now())
        if codings.has_text_range(project, coding):
            return Edit()
        codings.insert_codings(project, [coding])
        changelog.log(
            project,
            coder_id,
            "create",
            "coding",
            coding.id,
            f"coded p.{coding.page_start}: {short(coding.quote)}",
            at=coding.created_at,
        )
        return _inserted(project, coding)


def code_area(
    project: Project,
    document_id: DocumentId,
    code_id: CodeId,
    coder_id: CoderId,
    page: int,
    rect: Rect,
    effect: str | None = None,
) -> Edit:
    """Code a rectangle on one page (PDF points, unrotated page space, origin top-left)."""
    effect = check_effect(effect)
    x0, y0, x1, y1 = rect
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    with project.write():
        _check_code(project, code_id)
        pages = {p.number: p for p in documents.list_pages(project, document_id)}
        if page not in pages:
            raise InvalidInputError(f"the document has no page {page}")
        p = pages[page]
        x0, x1 = max(0.0, x0), min(p.width, x1)
        y0, y1 = max(0.0, y0), min(p.height, y1)
        if x1 - x0 < 1 or y1 - y0 < 1:
            raise InvalidInputError("the area is empty: drag a larger rectangle on the page")
        now = utc_now()
        coding = Coding(
            CodingId(new_id()),
            document_id,
            code_id,
            coder_id,
            "area",
            None,
            None,
            page,
            page,
            (PageRect(page, (x0, y0, x1, y1)),),
            "",
            effect,
            now,
            now,
        )
        codings.insert_codings(project, [coding])
        changelog.log(
            project, coder_id, "create", "coding", coding.id, f"coded an area on p.{page}", at=now
        )
        return _inserted(project, coding)


def add_memo(
    project: Project, target_kind: str, target_id: str | None, text: str, coder_id: CoderId | None
) -> Edit:
    """Attach a memo to the project, a review, document, code or coding;
    ``edit.created("memo")`` names it."""
    if not text.strip():
        raise InvalidInputError("the memo is empty")
    with project.write():
        now = utc_now()
        memo_id = memos.insert_memo(project, target_kind, target_id, coder_id, text, now)
        changelog.log(
            project,
            coder_id,
            "create",
            "memo",
            memo_id,
            f"memo on {target_kind}: {short(text)}",
            at=now,
        )
        return _created(project, memos.TABLE, memo_id)


def _inserted(project: Project, coding: Coding) -> Edit:
    """The edit that made this new coding, from the record as its row stores it (rectangles
    to 0.01 pt): only its rowid is read back, where ``_created`` reads the whole row."""
    record = Recorder(project)
    record.inserted(codings.TABLE, [replace(coding, rects=codings.rounded(coding.rects))])
    return record.edit()


def _created(project: Project, table: Table, *ids: str) -> Edit:
    """The edit that made these rows (read back: the record holds them as stored)."""
    record = Recorder(project)
    record.created(table, ids)
    return record.edit()
