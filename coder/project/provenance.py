"""Where each review came from: its source URL, the repository it was found in, when it was
retrieved, its publication status and when it was published (columns of ``reviews``).

Reviews disappear from where they were published (councils take DHRs down; the national
repository removes copies after some years), so the sample records this per review.
Reads return records; writes run inside the caller's ``write()`` transaction.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import ReviewId
from coder.project.store import Project

#: stored value -> label, in the order offered
REPOSITORIES: dict[str, str] = {
    "home_office_dhr_library": "Home Office DHR library",
    "national_case_review_repository": "national case review repository",
    "council_website": "council or partnership website",
    "wales_repository": "Wales safeguarding repository",
    "commissioning_body": "direct from the commissioning body",
    "other": "other",
}
STATUSES: dict[str, str] = {
    "full_report": "full report",
    "executive_summary_only": "executive summary only",
    "unpublished_or_restricted": "unpublished or restricted",
}
#: the label of a review whose repository was not recorded (flow diagram, exports)
NOT_RECORDED = "not recorded"


@dataclass(frozen=True, slots=True)
class Provenance:
    source_url: str = ""
    repository: str | None = None  # a key of REPOSITORIES
    retrieved_on: str | None = None  # ISO date
    publication_status: str | None = None  # a key of STATUSES
    published_on: str | None = None  # ISO date

    def labels(self) -> dict[str, str]:
        """Field -> the text a person reads ('' when not recorded)."""
        return {
            "source_url": self.source_url,
            "repository": REPOSITORIES.get(self.repository or "", ""),
            "retrieved_on": self.retrieved_on or "",
            "publication_status": STATUSES.get(self.publication_status or "", ""),
            "published_on": self.published_on or "",
        }


COLUMNS = tuple(f.name for f in fields(Provenance))
#: the column headings of provenance in the review-attributes table and candidate lists
HEADINGS = {
    "source_url": "source URL",
    "repository": "repository",
    "retrieved_on": "date retrieved",
    "publication_status": "publication status",
    "published_on": "date published",
}


def _choice(value: str, options: dict[str, str], what: str) -> str | None:
    text = " ".join(value.split())
    if not text:
        return None
    folded = text.casefold().replace("_", " ")
    for key, label in options.items():
        if folded in (key.replace("_", " "), label.casefold()):
            return key
    raise InvalidInputError(f"'{text}' is not a {what}; use one of: {', '.join(options.values())}")


def _date(value: str, what: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInputError(f"{what} '{text}' is not a date; write it as YYYY-MM-DD") from None


def parse(
    source_url: str = "",
    repository: str = "",
    retrieved_on: str = "",
    publication_status: str = "",
    published_on: str = "",
) -> Provenance:
    """Provenance from text as a person writes it (labels or stored values; ISO dates).
    Raises InvalidInputError naming the field that does not fit."""
    url = source_url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidInputError(f"source URL '{url}' must start with http:// or https://")
    return Provenance(
        url,
        _choice(repository, REPOSITORIES, "repository"),
        _date(retrieved_on, "date retrieved"),
        _choice(publication_status, STATUSES, "publication status"),
        _date(published_on, "date published"),
    )


def get(project: Project, review_id: str) -> Provenance:
    row = project.conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM reviews WHERE id = ?", [review_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no review with id {review_id}")
    return Provenance(*row)


def all_provenance(project: Project) -> dict[ReviewId, Provenance]:
    rows = project.conn.execute(f"SELECT id, {', '.join(COLUMNS)} FROM reviews ORDER BY rowid")
    return {ReviewId(r[0]): Provenance(*r[1:]) for r in rows}


def write(project: Project, review_id: str, value: Provenance, now: str) -> None:
    """Store a review's provenance. Call inside ``write()``."""
    sets = ", ".join(f"{c} = ?" for c in COLUMNS)
    cur = project.conn.execute(
        f"UPDATE reviews SET {sets}, modified_at = ? WHERE id = ?",
        [*(getattr(value, c) for c in COLUMNS), now, review_id],
    )
    if cur.rowcount == 0:
        raise NotFoundError(f"no review with id {review_id}")


def with_field(value: Provenance, column: str, text: str) -> Provenance:
    """``value`` with one field set from text (parsed as ``parse`` does)."""
    if column not in COLUMNS:
        raise InvalidInputError(f"no provenance field '{column}'")
    parsed = parse(**{column: text})
    return replace(value, **{column: getattr(parsed, column)})
