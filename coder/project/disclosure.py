"""What the disclosure check reads and the researcher's decisions it keeps: documents'
publication status, the sensitive terms, releases of withheld quotes and overrides of
term hits (tables of migration ``0009_briefings``). Reads return records; writes run
inside the caller's ``write()`` transaction. ``STATUS``, ``TERMS``, ``RELEASES`` and
``OVERRIDES`` are the tables (the status as a column of ``documents``) an ``Edit`` of a
disclosure decision writes back."""

from __future__ import annotations

import json
from dataclasses import dataclass

from coder.ids import CoderId, CodingId, DocumentId
from coder.project.store import Project
from coder.project.table import Table

#: a document's own status (stored value -> label); NULL is "as its review"
STATUSES: dict[str, str] = {
    "published": "published",
    "summary_only": "summary only",
    "unpublished_or_restricted": "unpublished or restricted",
}
#: the statuses whose quotes are withheld unless released (a document's and a review's)
WITHHELD = frozenset({"unpublished_or_restricted"})


@dataclass(frozen=True, slots=True)
class SensitiveTerm:
    id: str
    term: str
    note: str
    coder_id: CoderId | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Release:
    coding_id: CodingId
    reason: str
    coder_id: CoderId | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Override:
    id: str
    term: str
    coding_id: CodingId | None  # None: the term is let through in every quote
    reason: str
    coder_id: CoderId | None
    created_at: str


@dataclass(frozen=True, slots=True)
class DocumentStatus:
    """A document's own publication status (the column of ``documents`` it sets)."""

    id: DocumentId
    publication_status: str | None


STATUS = Table("documents", "document", DocumentStatus, ("id", "publication_status"), rank=5)
TERMS = Table(
    "sensitive_terms",
    "sensitive_term",
    SensitiveTerm,
    ("id", "term", "note", "coder_id", "created_at"),
    rank=0,
)
RELEASES = Table(
    "disclosure_releases",
    "disclosure_release",
    Release,
    ("coding_id", "reason", "coder_id", "created_at"),
    key=("coding_id",),
    rank=40,
)
OVERRIDES = Table(
    "disclosure_overrides",
    "disclosure_override",
    Override,
    ("id", "term", "coding_id", "reason", "coder_id", "created_at"),
    rank=40,
)


def document_statuses(project: Project) -> dict[DocumentId, str]:
    """Document id -> the status its quotes are judged by: its own; else its review's where
    the project records one (its provenance's ``unpublished_or_restricted``, or a review
    attribute named "publication status" whose value says unpublished or restricted); else
    ``published``.
    """
    out: dict[DocumentId, str] = {}
    for doc, own, of_review, attribute in project.conn.execute(
        "SELECT d.id, d.publication_status, r.publication_status, (SELECT v.value "
        "FROM attribute_values v "
        "JOIN attributes a ON a.id = v.attribute_id WHERE v.review_id = d.review_id "
        "AND lower(a.name) = 'publication status') FROM documents d "
        "JOIN reviews r ON r.id = d.review_id"
    ):
        if own is not None:
            out[DocumentId(doc)] = own
        elif of_review in WITHHELD or _withheld_attribute(attribute):
            out[DocumentId(doc)] = "unpublished_or_restricted"
        else:
            out[DocumentId(doc)] = "published"
    return out


def _withheld_attribute(value: str | None) -> bool:
    if value is None:
        return False
    try:
        shown = json.loads(value)
    except ValueError:
        return False
    text = " ".join(shown) if isinstance(shown, list) else str(shown)
    return any(word in text.casefold() for word in ("unpublished", "restricted"))


def own_statuses(project: Project) -> dict[DocumentId, str | None]:
    """Document id -> its own status (None: as its review)."""
    return {
        DocumentId(d): s
        for d, s in project.conn.execute(
            "SELECT id, publication_status FROM documents ORDER BY title, rowid"
        )
    }


def set_document_status(project: Project, document_id: str, status: str | None) -> None:
    project.conn.execute(
        "UPDATE documents SET publication_status = ? WHERE id = ?", [status, document_id]
    )


def list_terms(project: Project) -> list[SensitiveTerm]:
    return [
        SensitiveTerm(*r)
        for r in project.conn.execute(
            "SELECT id, term, note, coder_id, created_at FROM sensitive_terms "
            "ORDER BY term COLLATE NOCASE, rowid"
        )
    ]


def insert_term(project: Project, term: SensitiveTerm) -> None:
    project.conn.execute(
        "INSERT INTO sensitive_terms (id, term, note, coder_id, created_at) VALUES (?, ?, ?, ?, ?)",
        [term.id, term.term, term.note, term.coder_id, term.created_at],
    )


def delete_term(project: Project, term_id: str) -> None:
    project.conn.execute("DELETE FROM sensitive_terms WHERE id = ?", [term_id])


def pseudonyms(project: Project) -> list[str]:
    """The distinct values of case-data fields named ``pseudonym`` (the names a report
    uses for the people in it), in the order first recorded."""
    seen: dict[str, str] = {}
    for (value,) in project.conn.execute(
        "SELECT v.value FROM case_values v JOIN case_fields f ON f.id = v.field_id "
        "JOIN case_records r ON r.id = v.record_id "
        "WHERE lower(f.name) = 'pseudonym' AND f.type = 'text' AND v.value IS NOT NULL "
        "ORDER BY r.created_at, r.rowid"
    ):
        text = json.loads(value)
        if isinstance(text, str) and text.strip():
            seen.setdefault(text.strip().casefold(), text.strip())
    return list(seen.values())


def list_releases(project: Project) -> list[Release]:
    return [
        Release(CodingId(r[0]), r[1], r[2], r[3])
        for r in project.conn.execute(
            "SELECT coding_id, reason, coder_id, created_at FROM disclosure_releases "
            "ORDER BY created_at, rowid"
        )
    ]


def insert_release(project: Project, release: Release) -> None:
    project.conn.execute(
        "INSERT INTO disclosure_releases (coding_id, reason, coder_id, created_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(coding_id) DO UPDATE SET reason = excluded.reason, "
        "coder_id = excluded.coder_id, created_at = excluded.created_at",
        [release.coding_id, release.reason, release.coder_id, release.created_at],
    )


def delete_release(project: Project, coding_id: str) -> None:
    project.conn.execute("DELETE FROM disclosure_releases WHERE coding_id = ?", [coding_id])


def list_overrides(project: Project) -> list[Override]:
    return [
        Override(r[0], r[1], CodingId(r[2]) if r[2] else None, r[3], r[4], r[5])
        for r in project.conn.execute(
            "SELECT id, term, coding_id, reason, coder_id, created_at FROM disclosure_overrides "
            "ORDER BY created_at, rowid"
        )
    ]


def insert_override(project: Project, override: Override) -> None:
    project.conn.execute(
        "INSERT INTO disclosure_overrides (id, term, coding_id, reason, coder_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(term, ifnull(coding_id, '')) DO UPDATE SET "
        "reason = excluded.reason, coder_id = excluded.coder_id, created_at = excluded.created_at",
        [
            override.id,
            override.term,
            override.coding_id,
            override.reason,
            override.coder_id,
            override.created_at,
        ],
    )


def find_override(project: Project, term: str, coding_id: str | None) -> Override | None:
    """The override of ``term`` (any case) in ``coding_id`` (None: in every quote)."""
    row = project.conn.execute(
        "SELECT id, term, coding_id, reason, coder_id, created_at FROM disclosure_overrides "
        "WHERE term = ? AND ifnull(coding_id, '') = ?",
        [term, coding_id or ""],
    ).fetchone()
    return Override(row[0], row[1], CodingId(row[2]) if row[2] else None, *row[3:]) if row else None


def delete_override(project: Project, term: str, coding_id: str | None) -> int:
    cur = project.conn.execute(
        "DELETE FROM disclosure_overrides WHERE term = ? AND ifnull(coding_id, '') = ?",
        [term, coding_id or ""],
    )
    return cur.rowcount


def coding_exists(project: Project, coding_id: str) -> bool:
    return (
        project.conn.execute("SELECT 1 FROM codings WHERE id = ?", [coding_id]).fetchone()
        is not None
    )
