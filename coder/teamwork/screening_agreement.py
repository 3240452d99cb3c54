"""Agreement between two screeners on include/exclude, with the statistics the coding
agreement uses (``coder.teamwork.statistics``): each review both screened is a unit, and
"include" is the judgement."""

from __future__ import annotations

from collections import Counter
from typing import Any

from coder.coding.screening import METHOD_LABELS, disagreements
from coder.errors import InvalidInputError
from coder.project import coders
from coder.project import screening as repo
from coder.project.store import Project
from coder.teamwork.statistics import Pattern, cohen_kappa, percent_agreement


def screening_agreement(project: Project, coder_a: str, coder_b: str) -> dict[str, Any]:
    """``{"coders", "reviews", "both_screened", "include_include", "include_exclude",
    "exclude_include", "exclude_exclude", "percent_agreement", "cohen_kappa",
    "disagreements": [...]}``; a statistic that is undefined is None with a
    ``<statistic>_note``. Raises InvalidInputError for a coder the project does not know."""
    people = []
    for name in (coder_a, coder_b):
        found = coders.find_coder(project, " ".join(name.split()))
        if found is None:
            raise InvalidInputError(f"no coder named '{name}' in this project")
        people.append(found)
    if people[0].id == people[1].id:
        raise InvalidInputError("name two different screeners")
    decisions: dict[str, dict[str, bool]] = {}
    for s in repo.list_screenings(project):
        decisions.setdefault(s.review_id, {})[s.coder_id] = s.decision == "include"
    hist: Counter[Pattern] = Counter()
    for by in decisions.values():
        if people[0].id in by and people[1].id in by:
            hist[(by[people[0].id], by[people[1].id])] += 1
    report: dict[str, Any] = {
        "coders": [p.name for p in people],
        "both_screened": sum(hist.values()),
        "include_include": hist[(True, True)],
        "include_exclude": hist[(True, False)],
        "exclude_include": hist[(False, True)],
        "exclude_exclude": hist[(False, False)],
    }
    for key, statistic in (("percent_agreement", percent_agreement), ("cohen_kappa", cohen_kappa)):
        value, note = statistic(hist)
        report[key] = value
        if note:
            report[f"{key}_note"] = note
    pair = {people[0].id, people[1].id}
    report["disagreements"] = [
        {
            "review_id": d.review_id,
            "review": d.name,
            "screenings": [
                {"coder": s.coder_name, "decision": s.decision, "reason": s.reason}
                for s in d.screenings
                if s.coder_id in pair
            ],
            "resolution": (
                {
                    "decision": d.resolution.decision,
                    "reason": d.resolution.reason,
                    "method": METHOD_LABELS[d.resolution.method],
                    "decided_by": d.resolution.decided_by_name,
                    "decided_at": d.resolution.decided_at,
                }
                if d.resolution
                else None
            ),
        }
        for d in disagreements(project)
        if len({(s.decision, s.reason) for s in d.screenings if s.coder_id in pair}) > 1
    ]
    return report
