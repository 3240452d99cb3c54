"""Screening: each coder includes or excludes each review (with a reason from the project's
list); disagreements between coders are settled by a third person or by consensus.

A review's outcome: the resolution if there is one; else, when every coder who screened it
made the same decision (and, to exclude, gave the same reason), that decision; else it is a
disagreement, waiting for a resolution. A review nobody screened is only identified.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import ReviewId, new_id
from coder.project import candidates, changelog, coders, documents, duplicates
from coder.project import screening as repo
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.screening import Resolution, Screening
from coder.project.store import Project

METHOD_LABELS = {"third_person": "third person", "consensus": "consensus"}


@dataclass(frozen=True)
class ReviewScreening:
    """One review's screening: the coders' records, the resolution, and the outcome."""

    review_id: ReviewId
    name: str
    screenings: tuple[Screening, ...]
    resolution: Resolution | None
    decision: str | None  # 'include', 'exclude', or None (not screened, or disagreement)
    reason: str
    duplicate_of: str | None  # the review it duplicates (removed before screening)

    @property
    def status(self) -> str:
        """'duplicate', 'identified', 'disagreement', 'resolved' or 'screened'."""
        if self.duplicate_of is not None:
            return "duplicate"
        if self.resolution is not None:
            return "resolved"
        if not self.screenings:
            return "identified"
        return "screened" if self.decision else "disagreement"


def reason_for(project: Project, reason: str) -> str:
    """The project's reason matching ``reason`` (case and spacing aside), or an error
    listing them."""
    wanted = " ".join(reason.split()).casefold()
    for known in repo.reasons(project):
        if known.casefold() == wanted:
            return known
    raise InvalidInputError(
        f"'{reason}' is not one of this project's reasons; use one of: "
        + ", ".join(repo.reasons(project))
    )


def _check(project: Project, decision: str, reason: str) -> str:
    if decision not in repo.DECISIONS:
        raise InvalidInputError(f"decide 'include' or 'exclude', not '{decision}'")
    if decision == "include":
        if reason.strip():
            raise InvalidInputError("an included review takes no reason; give one to exclude")
        return ""
    if not reason.strip():
        raise InvalidInputError(
            "give a reason to exclude (one of: " + ", ".join(repo.reasons(project)) + ")"
        )
    return reason_for(project, reason)


def _review_name(project: Project, review_id: str) -> str:
    for review in candidates.list_sample(project):
        if review.id == review_id:
            return review.name
    raise NotFoundError(f"no review with id {review_id}; list them with review-coder sample")


def screen(project: Project, review_id: str, decision: str, reason: str, coder_name: str) -> Edit:
    """Record ``coder_name``'s decision on a review, replacing their earlier one. One
    transaction; the edit holds the screening row before and after."""
    with project.write():
        name = _review_name(project, review_id)
        reason = _check(project, decision, reason)
        coder = coders.ensure_coder(project, coder_name)
        before = repo.find_screening(project, review_id, coder.id)
        record = Recorder(project)
        screening_id = before.id if before else new_id()
        if before:
            record.read(repo.TABLE, [screening_id])
        else:
            record.created(repo.TABLE, [screening_id])
        now = utc_now()
        repo.write_screening(
            project,
            screening_id,
            review_id,
            coder.id,
            decision,
            reason,
            before.created_at if before else now,
            now,
        )
        changelog.log(
            project,
            coder.id,
            "update" if before else "create",
            "screening",
            review_id,
            f"'{name}' {decision}d" + (f": {reason}" if reason else ""),
            {"decision": decision, "reason": reason},
            at=now,
        )
        return record.edit()


def resolve(
    project: Project, review_id: str, decision: str, reason: str, method: str, coder_name: str
) -> Edit:
    """Settle a review's screening: by a third person (``coder_name``) or by consensus
    (recorded under ``coder_name``, who entered it). One transaction; the edit holds the
    resolution before and after."""
    if method not in repo.METHODS:
        raise InvalidInputError(f"resolve by 'third_person' or 'consensus', not '{method}'")
    with project.write():
        name = _review_name(project, review_id)
        reason = _check(project, decision, reason)
        coder = coders.ensure_coder(project, coder_name)
        record = Recorder(project)
        if record.read(repo.RESOLUTIONS, [review_id]) == []:
            record.created(repo.RESOLUTIONS, [review_id])
        now = utc_now()
        resolution = Resolution(
            ReviewId(review_id), decision, reason, method, coder.id, coder.name, now
        )
        repo.write_resolution(project, resolution)
        changelog.log(
            project,
            coder.id,
            "update",
            "screening",
            review_id,
            f"'{name}' {decision}d by {METHOD_LABELS[method]}" + (f": {reason}" if reason else ""),
            {"resolution": decision, "method": method},
            at=now,
        )
        return record.edit()


def set_criteria(
    project: Project, text: str | None, reasons: list[str] | None, coder_name: str
) -> Edit:
    """Set the criteria screeners read and the list of reasons to exclude. A reason some
    screening already gives cannot be taken out of the list."""
    with project.write():
        coder = coders.ensure_coder(project, coder_name)
        record = Recorder(project)
        record.read(repo.SETTINGS, repo.SETTING_KEYS)
        if reasons is not None:
            cleaned = [" ".join(r.split()) for r in reasons]
            if not cleaned or not all(cleaned):
                raise InvalidInputError("give at least one reason, none of them empty")
            if len({r.casefold() for r in cleaned}) != len(cleaned):
                raise InvalidInputError("each reason must differ from the others")
            used = {s.reason for s in repo.list_screenings(project) if s.reason}
            used |= {r.reason for r in repo.list_resolutions(project).values() if r.reason}
            missing = sorted(used - set(cleaned))
            if missing:
                raise InvalidInputError(
                    f"'{missing[0]}' is given by screenings already; keep it in the list"
                )
            reasons = cleaned
        repo.set_setting(project, text, reasons)
        record.created(repo.SETTINGS, repo.SETTING_KEYS)
        changelog.log(project, coder.id, "update", "project", "screening", "screening criteria")
        return record.edit(Changes.of(screening=[]))


def screening_states(project: Project) -> list[ReviewScreening]:
    """Every review's screening, in the order reviews were added."""
    by_review: dict[str, list[Screening]] = {}
    for s in repo.list_screenings(project):
        by_review.setdefault(s.review_id, []).append(s)
    resolutions = repo.list_resolutions(project)
    dups = duplicates.list_review_duplicates(project)
    out = []
    for review in candidates.list_sample(project):
        mine = tuple(by_review.get(review.id, ()))
        resolution = resolutions.get(review.id)
        decision: str | None = None
        reason = ""
        if resolution is not None:
            decision, reason = resolution.decision, resolution.reason
        elif mine and len({(s.decision, s.reason) for s in mine}) == 1:
            decision, reason = mine[0].decision, mine[0].reason
        dup = dups.get(review.id)
        if dup is not None:
            decision, reason = None, f"duplicate of {dup.duplicate_of_name}"
        out.append(
            ReviewScreening(
                review.id,
                review.name,
                mine,
                resolution,
                decision,
                reason,
                dup.duplicate_of if dup else None,
            )
        )
    return out


def disagreements(project: Project) -> list[ReviewScreening]:
    """Reviews whose screeners differ (in decision, or in the reason to exclude), resolved
    or not: the resolved ones say who decided."""
    return [
        s
        for s in screening_states(project)
        if len({(x.decision, x.reason) for x in s.screenings}) > 1
    ]


def first_pages(project: Project, review_id: str, pages: int = 2) -> str:
    """The stored text of the first ``pages`` pages of the review's first document ('' for
    a review without one): what a screener reads beside the criteria."""
    found = [r for r in candidates.list_sample(project) if r.id == review_id]
    if not found or not found[0].documents:
        return ""
    doc_id = candidates.first_document(project, review_id)
    text = documents.document_text(project, doc_id)
    shown = documents.list_pages(project, doc_id)[:pages]
    return "\n\n".join(text[p.char_start : p.char_end] for p in shown)
