"""Edits of the recommendations register, each one transaction returning a
``RegisterEdit``: the rows it touched before and after, so the app's undo puts ``before``
back and redo ``after`` (``apply_rows``), with the same UUIDs throughout.

Suggestions are not records: detection stores them per document, and a researcher accepts
(optionally edited) or rejects each. A rejected range is remembered, and detection never
suggests it again; nor a range that is a record already.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.coding import reviews
from coder.coding.changes import ChangeSet
from coder.errors import CoderError, InvalidInputError, NotFoundError
from coder.ids import CoderId, new_id
from coder.pdf.tables import Table, find_tables
from coder.project import changelog, documents
from coder.project import recommendations as repo
from coder.project import structure as stored
from coder.project.clock import utc_now
from coder.project.recommendations import (
    ADDRESSEE_KINDS,
    SCOPES,
    SOURCE_KINDS,
    STATUSES,
    Addressee,
    Recommendation,
    RegisterRows,
    Rejection,
    StatusEntry,
    Suggestion,
)
from coder.project.store import Project
from coder.recommendations.detect import RECOMMENDATIONS_KIND, Found, detect_recommendations
from coder.structure.lines import Line, page_lines
from coder.structure.model import Structure

ENTITY = "recommendation"
FORCES_ATTRIBUTE = "police forces"
TABLE_KINDS = ("action-plan", RECOMMENDATIONS_KIND)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RegisterEdit:
    before: RegisterRows
    after: RegisterRows
    changes: ChangeSet
    ids: tuple[str, ...] = ()  # the records (or suggestions) the edit made or changed


def _changes(before: RegisterRows, after: RegisterRows) -> ChangeSet:
    changes = ChangeSet()
    had = {r[0] for r in before.recs}
    has = {r[0] for r in after.recs}
    for rec_id in before.rec_ids:
        if rec_id in has and rec_id not in had:
            changes.add("created", ENTITY, rec_id)
        elif rec_id in had and rec_id not in has:
            changes.add("deleted", ENTITY, rec_id)
        elif rec_id in has:
            changes.add("updated", ENTITY, rec_id)
    for sug_id in dict.fromkeys((*before.suggestion_ids, *after.suggestion_ids)):
        changes.add("updated", "recommendation_suggestion", sug_id)
    return changes


def _edit(
    project: Project,
    rec_ids: Sequence[str],
    suggestion_ids: Sequence[str],
    rejection_ids: Sequence[str],
    run: Callable[[], Sequence[str] | None],
) -> RegisterEdit:
    """Run ``run`` inside one transaction, with the rows before and after."""
    with project.write():
        before = repo.snapshot(project, rec_ids, suggestion_ids, rejection_ids)
        made = run() or ()
        after = repo.snapshot(project, rec_ids, suggestion_ids, rejection_ids)
    return RegisterEdit(before, after, _changes(before, after), tuple(made))


def apply_rows(
    project: Project, rows: RegisterRows, coder_id: CoderId | None, summary: str
) -> ChangeSet:
    """Put rows back (undo: an edit's ``before``; redo: its ``after``), in one transaction."""
    with project.write():
        now = repo.snapshot(project, rows.rec_ids, rows.suggestion_ids, rows.rejection_ids)
        repo.put_back(project, rows)
        for rec_id in rows.rec_ids:
            changelog.log(project, coder_id, "update", ENTITY, rec_id, summary)
    return _changes(now, rows)


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


def detect_document(project: Project, document_id: str) -> RegisterEdit:
    """Detect (again) the recommendations of one document and replace its open
    suggestions with what was found, leaving out ranges that are records or were
    rejected. One transaction."""
    found = find_in_document(project, document_id)
    old = repo.suggestion_ids(project, document_id)
    now = utc_now()
    fresh: list[Suggestion] = []

    def run() -> list[str]:
        skip = repo.recommendation_ranges(project, document_id) | repo.rejected_ranges(
            project, document_id
        )
        for f in found:
            if (f.start, f.end) in skip:
                continue
            fresh.append(
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
            )
        if old:
            repo.delete_suggestions(project, old)
        repo.insert_suggestions(project, fresh)
        return [s.id for s in fresh]

    with project.write():
        before = repo.snapshot(project, (), old)
        made = run()
        after = repo.snapshot(project, (), [*old, *made])
        before = replace(before, suggestion_ids=after.suggestion_ids)
    return RegisterEdit(before, after, _changes(before, after), tuple(made))


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
        out[document_id] = len(detect_document(project, document_id).ids)
    if progress:
        progress(len(out), len(ids), "")
    return out


# -- accepting and rejecting suggestions ----------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """What a researcher changed in a suggestion before accepting it (None: as suggested)."""

    label: str | None = None
    text: str | None = None
    addressees: tuple[Addressee, ...] | None = None
    scope: str | None = None


def accept(
    project: Project,
    suggestion_ids: Sequence[str],
    coder_id: CoderId | None,
    changes: Mapping[str, Changes] | None = None,
) -> RegisterEdit:
    """Make records of these suggestions (with a researcher's ``changes`` to any of
    them), as one edit. Raises NotFoundError for a suggestion that is gone."""
    found = [repo.get_suggestion(project, s) for s in suggestion_ids]
    missing = [s for s, f in zip(suggestion_ids, found, strict=True) if f is None]
    if missing:
        raise NotFoundError("that suggestion is no longer open (detected again?); refresh")
    rec_ids = [new_id() for _ in suggestion_ids]
    review_of: dict[str, str] = {d.id: d.review_id for d in documents.list_documents(project)}

    def run() -> list[str]:
        now = utc_now()
        for rec_id, s in zip(rec_ids, found, strict=True):
            assert s is not None
            c = (changes or {}).get(s.id, Changes())
            rec = Recommendation(
                rec_id,
                review_of[s.document_id],
                _label(c.label if c.label is not None else s.label),
                _text(c.text if c.text is not None else s.text),
                s.document_id,
                s.char_start,
                s.char_end,
                s.page,
                _scope(c.scope or s.scope),
                s.owner,
                s.timescale,
                s.outcome,
                s.origin,
                None,
                coder_id,
                now,
                now,
                addressees=_addressees(c.addressees if c.addressees is not None else s.addressees),
            )
            repo.insert_recommendation(project, rec)
            changelog.log(
                project, coder_id, "create", ENTITY, rec_id, f"accepted {rec.label}", at=now
            )
        repo.delete_suggestions(project, list(suggestion_ids))
        return rec_ids

    return _edit(project, rec_ids, suggestion_ids, (), run)


def reject(
    project: Project, suggestion_ids: Sequence[str], coder_id: CoderId | None
) -> RegisterEdit:
    """Reject these suggestions, as one edit: detection will not suggest them again."""
    found = [repo.get_suggestion(project, s) for s in suggestion_ids]
    if any(f is None for f in found):
        raise NotFoundError("that suggestion is no longer open (detected again?); refresh")
    rejection_ids = [new_id() for _ in suggestion_ids]

    def run() -> list[str]:
        now = utc_now()
        for rid, s in zip(rejection_ids, found, strict=True):
            assert s is not None
            repo.insert_rejection(
                project,
                Rejection(
                    rid, s.document_id, s.char_start, s.char_end, s.label, s.text, coder_id, now
                ),
            )
            changelog.log(
                project, coder_id, "delete", "recommendation_suggestion", s.id,
                f"rejected {s.label}", at=now,
            )  # fmt: skip
        repo.delete_suggestions(project, list(suggestion_ids))
        return list(suggestion_ids)

    return _edit(project, (), suggestion_ids, rejection_ids, run)


# -- records -----------------------------------------------------------------------------------


def _label(label: str) -> str:
    return " ".join(label.split())


def _text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInputError("a recommendation needs its text; type what the review asks")
    return text


def _scope(scope: str) -> str:
    if scope not in SCOPES:
        raise InvalidInputError(f"scope '{scope}' is not one of: {', '.join(SCOPES)}")
    return scope


def _addressees(addressees: Sequence[Addressee]) -> tuple[Addressee, ...]:
    for a in addressees:
        if a.kind not in ADDRESSEE_KINDS:
            raise InvalidInputError(
                f"addressee kind '{a.kind}' is not one of: {', '.join(ADDRESSEE_KINDS)}"
            )
        if a.kind != "police" and not a.name.strip():
            raise InvalidInputError(f"a {a.kind} addressee needs a name")
    return tuple(
        Addressee(a.kind, "" if a.kind == "police" else a.name.strip()) for a in addressees
    )


def add_recommendation(
    project: Project,
    review_id: str,
    label: str,
    text: str,
    coder_id: CoderId | None,
    addressees: Sequence[Addressee] = (),
    scope: str = "local",
    owner: str = "",
    timescale: str = "",
    outcome: str = "",
) -> RegisterEdit:
    """A recommendation typed in (one that sits only in an image of an action plan)."""
    if review_id not in repo.review_names(project):
        raise NotFoundError(f"no review with id {review_id}")
    rec_id = new_id()

    def run() -> list[str]:
        now = utc_now()
        rec = Recommendation(
            rec_id, review_id, _label(label), _text(text), None, None, None, None,
            _scope(scope), owner.strip(), timescale.strip(), outcome.strip(), "typed", None,
            coder_id, now, now, addressees=_addressees(addressees),
        )  # fmt: skip
        repo.insert_recommendation(project, rec)
        changelog.log(project, coder_id, "create", ENTITY, rec_id, f"typed {rec.label}", at=now)
        return [rec_id]

    return _edit(project, [rec_id], (), (), run)


def update_recommendation(
    project: Project,
    rec_id: str,
    coder_id: CoderId | None,
    fields: Mapping[str, str] | None = None,
    addressees: Sequence[Addressee] | None = None,
    code_ids: Sequence[str] | None = None,
    coding_ids: Sequence[str] | None = None,
) -> RegisterEdit:
    """Change a record's fields (label, text, scope, owner, timescale, outcome), its
    addressees, or its linked codes and codings, as one edit."""
    if repo.get_recommendation(project, rec_id) is None:
        raise NotFoundError(f"no recommendation with id {rec_id}")
    values: dict[str, Any] = dict(fields or {})
    if "label" in values:
        values["label"] = _label(values["label"])
    if "text" in values:
        values["text"] = _text(values["text"])
    if "scope" in values:
        values["scope"] = _scope(values["scope"])
    bad = set(values) - {"label", "text", "scope", "owner", "timescale", "outcome"}
    if bad:
        raise InvalidInputError(f"not a field of a recommendation: {', '.join(sorted(bad))}")
    checked = _addressees(addressees) if addressees is not None else None

    def run() -> list[str]:
        now = utc_now()
        repo.update_fields(project, rec_id, values, now)
        if checked is not None:
            repo.write_addressees(project, rec_id, checked)
        if code_ids is not None or coding_ids is not None:
            rec = repo.get_recommendation(project, rec_id)
            assert rec is not None
            repo.write_links(
                project,
                rec_id,
                code_ids if code_ids is not None else rec.code_ids,
                coding_ids if coding_ids is not None else rec.coding_ids,
            )
        changelog.log(project, coder_id, "update", ENTITY, rec_id, "edited", at=now)
        return [rec_id]

    return _edit(project, [rec_id], (), (), run)


def delete_recommendation(project: Project, rec_id: str, coder_id: CoderId | None) -> RegisterEdit:
    if repo.get_recommendation(project, rec_id) is None:
        raise NotFoundError(f"no recommendation with id {rec_id}")

    def run() -> list[str]:
        repo.delete_recommendation(project, rec_id)
        changelog.log(project, coder_id, "delete", ENTITY, rec_id, "deleted")
        return [rec_id]

    return _edit(project, [rec_id], (), (), run)


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    parts = text.split("-")
    try:
        datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                      int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except ValueError:
        return False
    return True


def check_status(
    project: Project, status: str, date: str, source_kind: str, source: str
) -> tuple[str, str, str, str]:
    """A status entry's fields checked; raises InvalidInputError saying what is wrong."""
    status = " ".join(status.lower().replace("_", " ").split())
    if status not in STATUSES:
        raise InvalidInputError(f"status '{status}' is not one of: {', '.join(STATUSES)}")
    date = date.strip()
    if not _valid_date(date):
        raise InvalidInputError(f"date '{date}' is not a date as YYYY-MM-DD (or YYYY-MM, or YYYY)")
    source_kind = source_kind.strip().lower()
    source = source.strip()
    if source_kind not in SOURCE_KINDS:
        raise InvalidInputError(
            f"source kind '{source_kind}' is not one of: {', '.join(SOURCE_KINDS)}"
        )
    if source_kind == "url" and not re.match(r"^https?://\S+$", source):
        raise InvalidInputError(f"source '{source}' is not a web address (https://…)")
    if source_kind == "document" and source not in repo.document_titles(project):
        titles = {t: i for i, t in repo.document_titles(project).items()}
        if source not in titles:
            raise InvalidInputError(f"source '{source}' is not a document of this project")
        source = titles[source]
    return status, date, source_kind, source


def new_status(
    project: Project,
    rec_id: str,
    status: str,
    date: str,
    source_kind: str,
    source: str,
    note: str,
    coder_id: CoderId | None,
) -> StatusEntry:
    status, date, source_kind, source = check_status(project, status, date, source_kind, source)
    return StatusEntry(
        new_id(), rec_id, status, date, source_kind, source, note.strip(), coder_id, utc_now()
    )


def add_statuses(
    project: Project, entries: Sequence[StatusEntry], coder_id: CoderId | None
) -> RegisterEdit:
    """Add status entries (from ``new_status``) as one edit."""
    rec_ids = list(dict.fromkeys(e.recommendation_id for e in entries))
    known = {r.id for r in repo.list_recommendations(project, ids=rec_ids)}
    for rec_id in rec_ids:
        if rec_id not in known:
            raise NotFoundError(f"no recommendation with id {rec_id}")

    def run() -> list[str]:
        for e in entries:
            repo.insert_status(project, e)
            changelog.log(
                project, coder_id, "update", ENTITY, e.recommendation_id,
                f"status {e.status} ({e.date})", at=e.created_at,
            )  # fmt: skip
        return rec_ids

    return _edit(project, rec_ids, (), (), run)


# -- groups of repeated recommendations ---------------------------------------------------------


def confirm_group(
    project: Project, rec_ids: Sequence[str], coder_id: CoderId | None
) -> RegisterEdit:
    """Make these recommendations one confirmed group (a new cluster id they share),
    whatever their similarity: confirming a computed group, or splitting some members out
    of one (the rest are grouped again without them). One edit."""
    ids = list(dict.fromkeys(rec_ids))
    if not ids:
        raise InvalidInputError("select the recommendations to group first")
    known = {r.id for r in repo.list_recommendations(project, ids=ids)}
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFoundError(f"no recommendation with id {missing[0]}")
    cluster_id = new_id()

    def run() -> list[str]:
        now = utc_now()
        repo.set_cluster(project, ids, cluster_id, now)
        for rec_id in ids:
            changelog.log(project, coder_id, "update", ENTITY, rec_id, "group confirmed", at=now)
        return ids

    return _edit(project, ids, (), (), run)


def release_group(
    project: Project, rec_ids: Sequence[str], coder_id: CoderId | None
) -> RegisterEdit:
    """Forget the confirmed group of these recommendations: they are grouped by similarity
    again. One edit."""
    ids = list(dict.fromkeys(rec_ids))

    def run() -> list[str]:
        now = utc_now()
        repo.set_cluster(project, ids, None, now)
        for rec_id in ids:
            changelog.log(project, coder_id, "update", ENTITY, rec_id, "group released", at=now)
        return ids

    return _edit(project, ids, (), (), run)
