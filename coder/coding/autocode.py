"""Autocode: code every match of a phrase or regex in the stored text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from coder.coding.locate import geometry_for
from coder.coding.operations import check_effect, new_text_coding
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CodeId, CoderId, DocumentId
from coder.project import changelog, coders, codes, codings, documents
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project
from coder.project.structure import Locations
from coder.structure.kinds import check_kind
from coder.text.extent import Extent, check_extent, extend
from coder.text.matcher import Query, fts_expression, matches


@dataclass(frozen=True)
class AutocodeResult:
    added: int
    matched: int
    documents: int
    #: matches not coded because they lie inside a coding of the same code by the same
    #: coder (one already there, or one this run made: two hits in one sentence)
    skipped: int = 0
    extent: Extent = "hit"
    #: the codes it made on the way to ``code_path`` and the codings it added (for undo)
    edit: Edit = field(default_factory=Edit)


@dataclass(frozen=True)
class CodedHits:
    """What coding a set of hits did: the edit (for undo), how many codings it added and
    how many hits it skipped as already covered."""

    edit: Edit
    added: int = 0
    skipped: int = 0


def candidate_documents(project: Project, query: Query) -> list[DocumentId]:
    """The documents that may hold a match, by title: the full-text index narrows them
    when the query has words, else every document. A superset of the true matches."""
    fts = fts_expression(query.fts_terms, query.adjacent)
    if fts:
        return documents.candidate_documents(project, fts)
    ordered = sorted(documents.list_documents(project), key=lambda d: (d.title.casefold(), d.id))
    return [d.id for d in ordered]


def find_matches(
    project: Project, query: Query, document_ids: list[str] | None = None
) -> dict[DocumentId, list[tuple[int, int]]]:
    """Every match per document. FTS narrows the documents; the matcher finds the offsets."""
    candidates = candidate_documents(project, query)
    if document_ids:
        wanted = set(document_ids)
        candidates = [d for d in candidates if d in wanted]
    found: dict[DocumentId, list[tuple[int, int]]] = {}
    for doc_id in sorted(set(candidates)):
        hits = list(matches(query, documents.document_text(project, doc_id)))
        if hits:
            found[doc_id] = hits
    return found


def autocode(
    project: Project,
    code_path: str,
    query: Query,
    coder_name: str,
    document_ids: list[str] | None = None,
    effect: str | None = None,
    section_kinds: Iterable[str] | None = None,
    *,
    create: bool = True,
    extent: str = "hit",
) -> AutocodeResult:
    """Code every match with the code at ``code_path``, as one transaction, each match
    widened to its sentence or paragraph when ``extent`` says so. Running it twice adds
    nothing. A missing code (and its missing parents) is created when ``create`` is true;
    otherwise NotFoundError names the nearest existing paths, so that a typo does not
    quietly make a second code. With ``section_kinds``, only matches that start in a section
    of those kinds. Raises InvalidInputError for an unknown extent or effect, NotFoundError
    for an unknown document."""
    effect = check_effect(effect)
    kinds = check_kinds(section_kinds)
    extent_ = check_extent(extent)
    if not create and codes.find_by_path(project, code_path) is None:
        near = codes.nearest_paths(project, code_path)
        hint = f"; nearest: {', '.join(repr(p) for p in near)}" if near else ""
        raise NotFoundError(
            f"no code '{code_path}' in this project{hint} (give --create to make it)"
        )
    if document_ids:
        for doc_id in document_ids:
            documents.get_document(project, doc_id)  # raises NotFoundError
    with project.write():
        record = Recorder(project)
        known = coders.find_coder(project, " ".join(coder_name.split()))
        coder = known or coders.ensure_coder(project, coder_name)
        if known is None:  # a new coder goes on undo with what it coded
            record.created(coders.TABLE, [coder.id])
        had = set(codes.code_tree(project).parent)
        code_id = codes.ensure_path(project, code_path, coder.id)
        record.created(codes.TABLE, [c for c in codes.code_tree(project).parent if c not in had])
        made = record.edit()
        found = find_matches(project, query, document_ids)
        if kinds:
            found = in_sections(project, found, kinds)
        done = code_matches(project, code_id, coder.id, found, effect, extent_)
    return AutocodeResult(
        done.added,
        sum(len(h) for h in found.values()),
        len(found),
        done.skipped,
        extent_,
        made + done.edit,
    )


def check_kinds(kinds: Iterable[str] | None) -> set[str]:
    """The section kinds asked for; raises InvalidInputError naming an unknown one."""
    wanted = set(kinds or ())
    for kind in sorted(wanted):
        try:
            check_kind(kind)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
    return wanted


def in_sections(
    project: Project, found: dict[DocumentId, list[tuple[int, int]]], kinds: set[str]
) -> dict[DocumentId, list[tuple[int, int]]]:
    """The ranges that start in a section of one of ``kinds``."""
    where = Locations(project)
    kept = {}
    for doc_id, hits in found.items():
        locator = where.locator(doc_id)
        mine = [
            (s, e) for s, e in hits if (h := locator.heading_at(s)) is not None and h.kind in kinds
        ]
        if mine:
            kept[doc_id] = mine
    return kept


def code_matches(
    project: Project,
    code_id: CodeId,
    coder_id: CoderId,
    found: dict[DocumentId, list[tuple[int, int]]],
    effect: str | None = None,
    extent: Extent = "hit",
) -> CodedHits:
    """Code the given ranges (per document), each widened to ``extent``, in one
    transaction. A range inside a coding of this code by this coder (already there, or made
    by this call) is skipped and counted: coding a passage twice, or a phrase inside the
    sentence already coded, makes no usable excerpt. Search's "code all hits" uses it too."""
    effect = check_effect(effect)
    skipped = 0
    with project.write():
        now = utc_now()
        new = []
        for doc_id, hits in found.items():
            geometry = geometry_for(project, doc_id)
            text = geometry.text
            inside = _Cover(codings.text_ranges(project, doc_id, code_id, coder_id))
            made = _Cover([])
            for hit_start, hit_end in sorted(hits):
                if text[hit_start:hit_end].isspace():
                    continue  # a regex that matched only whitespace codes nothing
                start, end = extend(text, hit_start, hit_end, extent)
                coding = new_text_coding(geometry, code_id, coder_id, start, end, effect, now)
                span = (coding.char_start, coding.char_end)
                if inside.covers(*span) or made.covers(*span):
                    skipped += 1
                    continue
                made.add(*span)
                new.append(coding)
        codings.insert_codings(project, new)
        changelog.log_many(
            project,
            [(coder_id, "create", "coding", c.id, f"autocoded p.{c.page_start}") for c in new],
            at=now,
        )
        record = Recorder(project)
        record.created(codings.TABLE, [c.id for c in new])
        return CodedHits(record.edit(), len(new), skipped)


class _Cover:
    """Text ranges, asked whether one of them covers a given range."""

    def __init__(self, ranges) -> None:
        self._starts: list[int] = []
        self._reach: list[int] = []  # the furthest end of the ranges up to each start
        for s, e in sorted((s, e) for s, e in ranges if s is not None and e is not None):
            self.add(s, e)

    def covers(self, start: int | None, end: int | None) -> bool:
        if start is None or end is None:
            return False
        i = bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end

    def add(self, start: int | None, end: int | None) -> None:
        """Add a range (cheap when ranges come in order of their starts, as hits do)."""
        if start is None or end is None:
            return
        if not self._starts or start >= self._starts[-1]:
            self._starts.append(start)
            self._reach.append(max(end, self._reach[-1] if self._reach else end))
            return
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._reach.insert(i, end)
        for j in range(i, len(self._reach)):
            self._reach[j] = max(self._reach[j], self._reach[j - 1] if j else self._reach[j])
