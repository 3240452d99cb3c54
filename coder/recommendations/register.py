"""Edits of the recommendations register's records: typed in, changed, deleted, status
entries, and confirmed groups of repeated recommendations. Each is one transaction
returning an ``Edit`` (``coder.project.edit``) of the record's rows (with its addressees,
links and statuses), so the app's one undo command puts ``before`` back and redo
``after``, with the same UUIDs throughout. (Suggestions, and accepting or rejecting them,
are ``coder.recommendations.suggestions``.)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, new_id
from coder.project import changelog
from coder.project import recommendations as repo
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.recommendations import (
    ADDRESSEE_KINDS,
    SCOPES,
    SOURCE_KINDS,
    STATUSES,
    Addressee,
    Recommendation,
    StatusEntry,
)
from coder.project.store import Project

ENTITY = "recommendation"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _recorder(project: Project, rec_ids: Sequence[str]) -> Recorder:
    """A recorder of these records' rows, with their addressees, links and statuses."""
    record = Recorder(project)
    record.read(repo.RECORDS, rec_ids, dependents=True)
    record.created(repo.RECORDS, rec_ids)
    return record


def _edit(record: Recorder, rec_ids: Sequence[str]) -> Edit:
    return record.edit(Changes.of(**{ENTITY: rec_ids}))


# -- records -----------------------------------------------------------------------------------


def clean_label(label: str) -> str:
    return " ".join(label.split())


def clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInputError("a recommendation needs its text; type what the review asks")
    return text


def clean_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise InvalidInputError(f"scope '{scope}' is not one of: {', '.join(SCOPES)}")
    return scope


def clean_addressees(addressees: Sequence[Addressee]) -> tuple[Addressee, ...]:
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
) -> Edit:
    """A recommendation typed in (one that sits only in an image of an action plan);
    ``edit.created("recommendation")`` names it."""
    if review_id not in repo.review_names(project):
        raise NotFoundError(f"no review with id {review_id}")
    rec_id = new_id()
    with project.write():
        record = _recorder(project, [rec_id])
        now = utc_now()
        rec = Recommendation(
            rec_id, review_id, clean_label(label), clean_text(text), None, None, None, None,
            clean_scope(scope), owner.strip(), timescale.strip(), outcome.strip(), "typed",
            None, coder_id, now, now, addressees=clean_addressees(addressees),
        )  # fmt: skip
        repo.insert_recommendation(project, rec)
        changelog.log(project, coder_id, "create", ENTITY, rec_id, f"typed {rec.label}", at=now)
        return _edit(record, [rec_id])


def update_recommendation(
    project: Project,
    rec_id: str,
    coder_id: CoderId | None,
    fields: Mapping[str, str] | None = None,
    addressees: Sequence[Addressee] | None = None,
    code_ids: Sequence[str] | None = None,
    coding_ids: Sequence[str] | None = None,
) -> Edit:
    """Change a record's fields (label, text, scope, owner, timescale, outcome), its
    addressees, or its linked codes and codings, as one edit."""
    if repo.get_recommendation(project, rec_id) is None:
        raise NotFoundError(f"no recommendation with id {rec_id}")
    values: dict[str, Any] = dict(fields or {})
    if "label" in values:
        values["label"] = clean_label(values["label"])
    if "text" in values:
        values["text"] = clean_text(values["text"])
    if "scope" in values:
        values["scope"] = clean_scope(values["scope"])
    bad = set(values) - {"label", "text", "scope", "owner", "timescale", "outcome"}
    if bad:
        raise InvalidInputError(f"not a field of a recommendation: {', '.join(sorted(bad))}")
    checked = clean_addressees(addressees) if addressees is not None else None
    with project.write():
        record = _recorder(project, [rec_id])
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
        return _edit(record, [rec_id])


def delete_recommendation(project: Project, rec_id: str, coder_id: CoderId | None) -> Edit:
    """Delete a record, with its addressees, links and statuses."""
    if repo.get_recommendation(project, rec_id) is None:
        raise NotFoundError(f"no recommendation with id {rec_id}")
    with project.write():
        record = _recorder(project, [rec_id])
        repo.delete_recommendation(project, rec_id)
        changelog.log(project, coder_id, "delete", ENTITY, rec_id, "deleted")
        return _edit(record, [rec_id])


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
) -> Edit:
    """Add status entries (from ``new_status``) as one edit."""
    rec_ids = list(dict.fromkeys(e.recommendation_id for e in entries))
    known = {r.id for r in repo.list_recommendations(project, ids=rec_ids)}
    for rec_id in rec_ids:
        if rec_id not in known:
            raise NotFoundError(f"no recommendation with id {rec_id}")
    with project.write():
        record = _recorder(project, rec_ids)
        for e in entries:
            repo.insert_status(project, e)
            changelog.log(
                project, coder_id, "update", ENTITY, e.recommendation_id,
                f"status {e.status} ({e.date})", at=e.created_at,
            )  # fmt: skip
        return _edit(record, rec_ids)


# -- groups of repeated recommendations ---------------------------------------------------------


def confirm_group(project: Project, rec_ids: Sequence[str], coder_id: CoderId | None) -> Edit:
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
    return _set_group(project, ids, new_id(), coder_id, "group confirmed")


def release_group(project: Project, rec_ids: Sequence[str], coder_id: CoderId | None) -> Edit:
    """Forget the confirmed group of these recommendations: they are grouped by similarity
    again. One edit."""
    return _set_group(project, list(dict.fromkeys(rec_ids)), None, coder_id, "group released")


def _set_group(
    project: Project, ids: list[str], cluster_id: str | None, coder_id: CoderId | None, what: str
) -> Edit:
    with project.write():
        record = Recorder(project)
        record.read(repo.RECORDS, ids)
        now = utc_now()
        repo.set_cluster(project, ids, cluster_id, now)
        for rec_id in ids:
            changelog.log(project, coder_id, "update", ENTITY, rec_id, what, at=now)
        return _edit(record, ids)
