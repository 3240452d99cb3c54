"""Recommendations in a REFI-QDA project: the format has no register, so each
recommendation anchored in a document's text goes out as a coding (with the
recommendation's own UUID) of the code ``Recommendation`` under a ``Recommendations``
folder, its fields written in its selection's description. Typed recommendations (with no
range in a text), status entries (the responses), suggestions and rejections have no place
in the format: the export says how many were left out."""

from __future__ import annotations

import uuid

from coder.project import recommendations as repo
from coder.project.recommendations import Recommendation
from coder.project.store import Project

_NAMESPACE = uuid.UUID("6f1c2a52-6f54-4c8e-9a38-5a4c1d0e7b19")
FOLDER = str(uuid.uuid5(_NAMESPACE, "recommendations"))
FOLDER_NAME = "Recommendations"
CODE = str(uuid.uuid5(_NAMESPACE, "recommendation"))
CODE_NAME = "Recommendation"


def anchored(project: Project) -> dict[str, list[Recommendation]]:
    """Document id -> its recommendations with a text range, in text order."""
    out: dict[str, list[Recommendation]] = {}
    for rec in repo.list_recommendations(project):
        if rec.document_id is not None and rec.char_start is not None:
            out.setdefault(rec.document_id, []).append(rec)
    for recs in out.values():
        recs.sort(key=lambda r: (r.char_start or 0, r.char_end or 0, r.created_at, r.id))
    return out


def description(rec: Recommendation) -> str:
    """The fields of a recommendation, one a line, for a selection's description."""
    lines = [
        f"Recommendation {rec.label}" if rec.label else "Recommendation",
        f"Text: {rec.text}",
        f"Addressees: {'; '.join(a.label for a in rec.addressees) or 'none recorded'}",
        f"Scope: {rec.scope}",
    ]
    for name, value in (
        ("Owner", rec.owner),
        ("Timescale", rec.timescale),
        ("Intended outcome", rec.outcome),
    ):
        if value:
            lines.append(f"{name}: {value}")
    lines.append(f"Current status: {rec.status}")
    lines.append(f"Review Coder id: {rec.id}")
    return "\n".join(lines)


def left_out(project: Project) -> list[str]:
    """What of the register the format cannot hold, as lines for ``not_exported``."""
    recs = repo.list_recommendations(project)
    typed = sum(1 for r in recs if r.char_start is None)
    statuses = sum(len(r.statuses) for r in recs)
    out = []
    if statuses:
        out.append(f"{statuses} status entries of recommendations (the responses)")
    if typed:
        out.append(f"{typed} recommendations typed in without a range in a document's text")
    return out
