"""Suggestions: detection run over a project's stored documents, and what a researcher
does with each suggestion (accept it, optionally edited, as a record; or reject it).

Suggestions are not records: detection stores them per document, and a researcher accepts
or rejects each. A rejected range is remembered, and detection never suggests it again;
nor a range that is a record already. Every mutation is one transaction returning an
``Edit`` (``coder.project.edit``), so the app's one undo command puts ``before`` back and
redo ``after``, with the same UUIDs throughout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.coding import reviews
from coder.errors import CoderError, NotFoundError
from coder.ids import CoderId, new_id
from coder.pdf.tables import Table, find_tables
from coder.project import changelog, documents
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project import structure as stored
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.recommendation_suggestions import Rejection, Suggestion
from coder.project.recommendations import Addressee, Recommendation
from coder.project.store import Project
from coder.recommendations.detect import RECOMMENDATIONS_KIND, Found, detect_recommendations
from coder.recommendations.register import (
    ENTITY,
    clean_addressees,
    clean_label,
    clean_scope,
    clean_text,
)
from coder.structure.lines import Line, page_lines
from coder.structure.model import Structure

SUGGESTION = "recommendation_suggestion"
FORCES_ATTRIBUTE = "police forces"
TABLE_KINDS = ("action-plan", RECOMMENDATIONS_KIND)

Progress = Callable[[int, int, str], None]


# -- detection ---------------------------------------------------------------------------------


def review_forces(project: Project, review_id: str) -> list[str]:
    """The police forces a review's attribute names (empty when it has none)."""
    spec = next((a for a in reviews.list_attributes(project) if a.name == FORCES_ATTRIBUTE), None)
    if spec is None:
        return []
    value = reviews.attribute_values(project).get(review_id, {}).get(spec.id)
    if value is None or value is NOT_STATED_VALUE:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def find_in_document(project: Project, document_id: str) -> list[Found]:
    """What detection finds in one stored document (its structure in force, its lines,
    and the tables on the pages of its action-plan and recommendations sections)."""
    doc = documents.get_document(project, document_id)
    text = documents.document_text(project, document_id)
    structure = stored.in_force(project, document_id)
    forces = review_forces(project, doc.review_id)
    if doc.kind == "text":
        return detect_recommendations(_text_lines(text), structure, {}, forces=forces)
    pages = stored.page_inputs(project, document_id)
    starts = [p.char_start for p in pages]
    table_pages = _table_pages(structure, starts, len(text))
    wanted = _pages_to_read(text, starts, table_pages)
    lines = [ln for p in pages if p.number in wanted for ln in page_lines(p, text)]
    heights = {p.number: p.height for p in pages}
    tables: list[Table] = []
    if table_pages:
        try:
            tables = find_tables(
                documents.document_pdf(project, document_id), doc.file_name, table_pages
            )
        except CoderError:
            tables = []  # a stored PDF that no longer opens: the text still gives lists
    words = {p.number: (p.char_start, p.words) for p in pages if p.number in table_pages}
    return detect_recommendations(lines, structure, heights, tables, words, text, forces)


def _table_pages(structure: Structure, page_starts: Sequence[int], length: int) -> list[int]:
    """Pages that overlap a section of an action-plan or recommendations kind."""
    heads = structure.headings
    pages: set[int] = set()
    for i, h in enumerate(heads):
        if h.kind not in TABLE_KINDS:
            continue
        end = heads[i + 1].start if i + 1 < len(heads) else length
        for n, start in enumerate(page_starts, 1):
            page_end = page_starts[n] if n < len(page_starts) else length
            if start < end and h.start < page_end:
                pages.add(n)
    return sorted(pages)


_MENTION = re.compile(r"(?im)^(?:recommendation|rec\.?)\s")


def _pages_to_read(text: str, starts: Sequence[int], section_pages: Sequence[int]) -> set[int]:
    """The pages whose lines detection needs: those of recommendations and action-plan
    sections, those with a line starting "Recommendation" (or "Rec"), and the page after
    each (an item may run on). Reading only these keeps detection to the pages that matter
    in a long review."""
    wanted = set(section_pages)
    for n, start in enumerate(starts, 1):
        end = starts[n] if n < len(starts) else len(text)
        if _MENTION.search(text, start, end):
            wanted.add(n)
    return wanted | {n + 1 for n in wanted if n < len(starts)}


def _text_lines(text: str) -> list[Line]:
    """A plain-text document's lines (one page; a blank line starts a block)."""
    out, offset, blank = [], 0, True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            out.append(Line(1, start, end, 0, 0, 0, 0, 0.0, False, blank, " ".join(raw.split())))
        blank = not stripped
        offset += len(raw) + 1
    return out


def detect_document(project: Project, document_id: str) -> Edit:
    """Detect (again) the recommendations of one document and replace its open
    suggestions with what was found, leaving out ranges that are records or were
    rejected. One transaction; ``edit.created("recommendation_suggestion")`` names the
    suggestions it made."""
    found = find_in_document(project, document_id)
    with project.write():
        record = Recorder(project)
        old = found_repo.suggestion_ids(project, document_id)
        record.read(found_repo.SUGGESTIONS, old)
        skip = repo.recommendation_ranges(project, document_id) | found_repo.rejected_ranges(
            project, document_id
        )
        now = utc_now()
        fresh = [
            Suggestion(
                new_id(),
                document_id,
                f.start,
                f.end,
                f.page,
                f.label,
                f.text,
                f.addressees,
                f.scope,
                f.owner,
                f.timescale,
                f.outcome,
                f.origin,
                now,
            )
            for f in found
            if (f.start, f.end) not in skip
        ]
        found_repo.delete_suggestions(project, old)
        found_repo.insert_suggestions(project, fresh)
        record.created(found_repo.SUGGESTIONS, [s.id for s in fresh])
        return record.edit(Changes.of(**{SUGGESTION: [*old, *(s.id for s in fresh)]}))


def detect_all(
    project: Project,
    document_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Detect in every document (or the given ones), one transaction each; returns
    document id -> open suggestions after detection."""
    ids = document_ids or [d.id for d in documents.list_documents(project)]
    out: dict[str, int] = {}
    for i, document_id in enumerate(ids):
        if cancelled and cancelled():
            break
        if progress:
            progress(i, len(ids), documents.get_document(project, document_id).title)
        out[document_id] = len(detect_document(project, document_id).created(SUGGESTION))
    if progress:
        progress(len(out), len(ids), "")
    return out


# -- accepting and rejecting suggestions ----------------------------------------------------


@dataclass(frozen=True)
class Amendment:
    """What a researcher changed in a suggestion before accepting it (None: as suggested)."""

    label: str | None = None
    text: str | None = None
    addressees: tuple[Addressee, ...] | None = None
    scope: str | None = None


def _open(project: Project, suggestion_ids: Sequence[str]) -> list[Suggestion]:
    found = [found_repo.get_suggestion(project, s) for s in suggestion_ids]
    if any(f is None for f in found):
        raise NotFoundError("that suggestion is no longer open (detected again?); refresh")
    return [f for f in found if f is not None]


def accept(
    project: Project,
    suggestion_ids: Sequence[str],
    coder_id: CoderId | None,
    amended: Mapping[str, Amendment] | None = None,
) -> Edit:
    """Make records of these suggestions (with a researcher's amendments to any of them),
    as one edit; ``edit.created("recommendation")`` names the records in order. Raises
    NotFoundError for a suggestion that is gone, InvalidInputError for an amendment that
    is not a record's."""
    with project.write():
        found = _open(project, suggestion_ids)
        review_of: dict[str, str] = {d.id: d.review_id for d in documents.list_documents(project)}
        rec_ids = [new_id() for _ in found]
        record = Recorder(project)
        record.read(found_repo.SUGGESTIONS, suggestion_ids)
        record.read(repo.RECORDS, rec_ids, dependents=True)
        now = utc_now()
        for rec_id, s in zip(rec_ids, found, strict=True):
            a = (amended or {}).get(s.id, Amendment())
            rec = Recommendation(
                rec_id,
                review_of[s.document_id],
                clean_label(a.label if a.label is not None else s.label),
                clean_text(a.text if a.text is not None else s.text),
                s.document_id,
                s.char_start,
                s.char_end,
                s.page,
                clean_scope(a.scope or s.scope),
                s.owner,
                s.timescale,
                s.outcome,
                s.origin,
                None,
                coder_id,
                now,
                now,
                addressees=clean_addressees(
                    a.addressees if a.addressees is not None else s.addressees
                ),
            )
            repo.insert_recommendation(project, rec)
            changelog.log(
                project, coder_id, "create", ENTITY, rec_id, f"accepted {rec.label}", at=now
            )
        found_repo.delete_suggestions(project, list(suggestion_ids))
        record.created(repo.RECORDS, rec_ids)
        return record.edit(Changes.of(**{ENTITY: rec_ids, SUGGESTION: suggestion_ids}))


def reject(project: Project, suggestion_ids: Sequence[str], coder_id: CoderId | None) -> Edit:
    """Reject these suggestions, as one edit: detection will not suggest them again."""
    with project.write():
        found = _open(project, suggestion_ids)
        record = Recorder(project)
        record.read(found_repo.SUGGESTIONS, suggestion_ids)
        now = utc_now()
        rejection_ids = []
        for s in found:
            rejection = Rejection(
                new_id(), s.document_id, s.char_start, s.char_end, s.label, s.text, coder_id, now
            )
            found_repo.insert_rejection(project, rejection)
            rejection_ids.append(rejection.id)
            changelog.log(
                project, coder_id, "delete", SUGGESTION, s.id, f"rejected {s.label}", at=now
            )
        found_repo.delete_suggestions(project, list(suggestion_ids))
        record.created(found_repo.REJECTIONS, rejection_ids)
        return record.edit(Changes.of(**{SUGGESTION: suggestion_ids}))
