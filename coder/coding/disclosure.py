"""The researcher's disclosure decisions, each one transaction written to the change log:
a document's publication status, the sensitive terms, releasing a withheld quote and
overriding a term hit, both with a reason. Each returns the ``Edit`` it made."""

from __future__ import annotations

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, CodingId, new_id
from coder.project import changelog
from coder.project import disclosure as repo
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

_SPELLINGS = {
    "published": "published",
    "summary-only": "summary_only",
    "summary_only": "summary_only",
    "summary only": "summary_only",
    "restricted": "unpublished_or_restricted",
    "unpublished": "unpublished_or_restricted",
    "unpublished-or-restricted": "unpublished_or_restricted",
    "unpublished_or_restricted": "unpublished_or_restricted",
    "unpublished or restricted": "unpublished_or_restricted",
    "as-review": None,
    "as review": None,
}


def check_status(text: str) -> str | None:
    """A status as typed (``published``, ``summary-only``, ``restricted``, ``as-review``)
    -> the stored value (None: as its review)."""
    key = " ".join(text.strip().lower().split())
    if key not in _SPELLINGS:
        raise InvalidInputError(
            f"a publication status is published, summary-only, restricted or as-review, "
            f"not '{text}'"
        )
    return _SPELLINGS[key]


def _reason(reason: str, what: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInputError(f"{what} needs a reason (--reason TEXT)")
    return text


def set_status(
    project: Project, document_ids: list[str], status: str | None, coder_id: CoderId | None
) -> Edit:
    """Set documents' publication status (None: as their review)."""
    if status is not None and status not in repo.STATUSES:
        raise InvalidInputError(f"unknown publication status '{status}'")
    with project.write():
        own = repo.own_statuses(project)
        record = Recorder(project)
        for doc in document_ids:
            if doc not in own:
                raise NotFoundError(f"no document with id {doc} in this project")
            record.read(repo.STATUS, [doc])
            repo.set_document_status(project, doc, status)
            changelog.log(
                project,
                coder_id,
                "update",
                "document",
                doc,
                f"publication status: {repo.STATUSES.get(status or '', 'as its review')}",
                {"publication_status": status, "was": own[doc]},  # type: ignore[index]
            )
        return record.edit()


def add_terms(project: Project, terms: list[str], coder_id: CoderId | None, note: str = "") -> Edit:
    """Add sensitive terms (a term already listed, in any case, is left as it is);
    ``added_terms(edit)`` names the terms added."""
    cleaned = [" ".join(t.split()) for t in terms]
    if not all(cleaned):
        raise InvalidInputError("a sensitive term cannot be empty")
    with project.write():
        record = Recorder(project)
        known = {t.term.casefold() for t in repo.list_terms(project)}
        now = utc_now()
        for term in cleaned:
            if term.casefold() in known:
                continue
            known.add(term.casefold())
            entry = repo.SensitiveTerm(new_id(), term, note, coder_id, now)
            repo.insert_term(project, entry)
            record.created(repo.TERMS, [entry.id])
            changelog.log(project, coder_id, "create", "sensitive_term", entry.id, term, at=now)
        return record.edit()


def added_terms(edit: Edit) -> list[str]:
    """The terms an ``add_terms`` edit added, in the order given."""
    return [r.term for r in edit.after if isinstance(r, repo.SensitiveTerm)]


def listed_terms(project: Project, terms: list[str]) -> list[str]:
    """The terms as listed (their stored spelling), one for each of ``terms`` (any case).
    Raises NotFoundError for one not listed."""
    return [t.term for t in _listed(project, terms)]


def _listed(project: Project, terms: list[str]) -> list[repo.SensitiveTerm]:
    listed = {t.term.casefold(): t for t in repo.list_terms(project)}
    found = []
    for term in terms:
        entry = listed.get(" ".join(term.split()).casefold())
        if entry is None:
            raise NotFoundError(f"'{term}' is not a sensitive term of this project")
        found.append(entry)
    return found


def remove_terms(project: Project, terms: list[str], coder_id: CoderId | None) -> Edit:
    """Remove sensitive terms (any case). Raises NotFoundError for one not listed."""
    with project.write():
        record = Recorder(project)
        for found in _listed(project, terms):
            record.read(repo.TERMS, [found.id])
            repo.delete_term(project, found.id)
            changelog.log(project, coder_id, "delete", "sensitive_term", found.id, found.term)
        return record.edit()


def release(project: Project, coding_id: str, reason: str, coder_id: CoderId | None) -> Edit:
    """Release a quote from a withheld document, with a reason (logged)."""
    text = _reason(reason, "a release")
    with project.write():
        if not repo.coding_exists(project, coding_id):
            raise NotFoundError(f"no coding with id {coding_id} in this project")
        record = Recorder(project)
        record.read(repo.RELEASES, [coding_id])
        repo.insert_release(project, repo.Release(CodingId(coding_id), text, coder_id, utc_now()))
        record.created(repo.RELEASES, [coding_id])
        changelog.log(
            project, coder_id, "create", "disclosure_release", coding_id, text, {"reason": text}
        )
        return record.edit()


def withdraw_release(project: Project, coding_id: str, coder_id: CoderId | None) -> Edit:
    with project.write():
        record = Recorder(project)
        if not record.read(repo.RELEASES, [coding_id]):
            raise NotFoundError(f"the quote of coding {coding_id} was not released")
        repo.delete_release(project, coding_id)
        changelog.log(project, coder_id, "delete", "disclosure_release", coding_id)
        return record.edit()


def override(
    project: Project,
    term: str,
    reason: str,
    coder_id: CoderId | None,
    coding_id: str | None = None,
) -> Edit:
    """Let a sensitive term through, in one quote (``coding_id``) or in every quote, with a
    reason (logged)."""
    text = _reason(reason, "an override")
    wanted = " ".join(term.split())
    if not wanted:
        raise InvalidInputError("name the term to override")
    with project.write():
        if coding_id is not None and not repo.coding_exists(project, coding_id):
            raise NotFoundError(f"no coding with id {coding_id} in this project")
        record = Recorder(project)
        entry = repo.Override(
            new_id(), wanted, CodingId(coding_id) if coding_id else None, text, coder_id, utc_now()
        )
        had = repo.find_override(project, wanted, coding_id)
        if had is not None:  # the same override again: it keeps its row, with this reason
            record.read(repo.OVERRIDES, [had.id])
        repo.insert_override(project, entry)
        record.created(repo.OVERRIDES, [had.id if had else entry.id])
        changelog.log(
            project,
            coder_id,
            "create",
            "disclosure_override",
            entry.id,
            f"{wanted}: {text}",
            {"term": wanted, "coding_id": coding_id, "reason": text},
        )
        return record.edit()


def withdraw_override(
    project: Project, term: str, coder_id: CoderId | None, coding_id: str | None = None
) -> Edit:
    wanted = " ".join(term.split())
    with project.write():
        record = Recorder(project)
        had = repo.find_override(project, wanted, coding_id)
        if had is not None:
            record.read(repo.OVERRIDES, [had.id])
        if not repo.delete_override(project, wanted, coding_id):
            raise NotFoundError(f"no override of '{wanted}' to withdraw")
        changelog.log(
            project,
            coder_id,
            "delete",
            "disclosure_override",
            wanted,
            wanted,
            {"term": wanted, "coding_id": coding_id},
        )
        return record.edit()
