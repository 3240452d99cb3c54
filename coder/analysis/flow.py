"""The sample's flow, PRISMA-style: records identified (per repository), duplicates
removed, records screened, excluded (per reason), awaiting a decision, and included; for
the whole sample and for each review type. Numbers only here; ``flow_svg`` draws them.

Counting: each review is a record, where it was identified (its repository). Two records a
person confirmed as the same review were grouped into one, so the one grouped away is
counted too: identified where its own repository said, and removed as a duplicate. A
review removed as a duplicate of another is counted identified and removed. The rest are
screened: included or excluded (by their outcome, see ``coder.coding.screening``), or
awaiting a decision (nobody screened them yet, or their screeners disagree and nobody
resolved it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coder.analysis.tables import write_table
from coder.coding.reviews import attribute_values, list_attributes
from coder.coding.screening import screening_states
from coder.project import candidates, documents
from coder.project import duplicates as dup_repo
from coder.project import provenance as prov
from coder.project import screening as screening_repo
from coder.project.store import Project

ALL = "all reviews"
NO_TYPE = "review type not recorded"
#: the columns of ``--out FILE.csv``
CSV_COLUMNS = ("group", "stage", "category", "count")
STAGES = ("identified", "duplicates_removed", "screened", "excluded", "awaiting", "included")


@dataclass
class Flow:
    group: str
    identified: Counter[str] = field(default_factory=Counter)  # repository label -> n
    duplicates_removed: int = 0
    excluded: Counter[str] = field(default_factory=Counter)  # reason -> n
    awaiting: int = 0
    included: int = 0

    @property
    def identified_total(self) -> int:
        return sum(self.identified.values())

    @property
    def screened(self) -> int:
        return self.identified_total - self.duplicates_removed

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())

    def rows(self, repositories: list[str], reasons: list[str]) -> list[list[object]]:
        """CSV rows: every repository and reason listed, with 0 where none."""
        out: list[list[object]] = []
        for label in repositories:
            out.append([self.group, "identified", label, self.identified.get(label, 0)])
        out.append([self.group, "identified", "", self.identified_total])
        out.append([self.group, "duplicates_removed", "", self.duplicates_removed])
        out.append([self.group, "screened", "", self.screened])
        for reason in reasons:
            out.append([self.group, "excluded", reason, self.excluded.get(reason, 0)])
        out.append([self.group, "excluded", "", self.excluded_total])
        out.append([self.group, "awaiting", "", self.awaiting])
        out.append([self.group, "included", "", self.included])
        return out


@dataclass
class SampleFlow:
    whole: Flow
    by_type: list[Flow]  # in the order of the attribute's choices, 'not recorded' last
    repositories: list[str]  # labels, in the fixed order (and 'not recorded' if used)
    reasons: list[str]  # the project's, then any others used

    def rows(self) -> list[list[object]]:
        out = self.whole.rows(self.repositories, self.reasons)
        for flow in self.by_type:
            out.extend(flow.rows(self.repositories, self.reasons))
        return out


def _label(repository: str | None) -> str:
    return prov.REPOSITORIES.get(repository or "", prov.NOT_RECORDED)


def sample_flow(project: Project) -> SampleFlow:
    """The flow's numbers (see the module docstring)."""
    with project.read():
        sample = candidates.list_sample(project)
        states = {s.review_id: s for s in screening_states(project)}
        decisions = dup_repo.list_decisions(project)
        review_of_doc = {d.id: d.review_id for d in documents.list_documents(project)}
        specs = [s for s in list_attributes(project) if s.name.casefold() == "review type"]
        values = attribute_values(project)
        reasons = screening_repo.reasons(project)
    type_of: dict[str, str] = {}
    choices: list[str] = []
    if specs:
        spec = specs[0]
        choices = list(spec.choices)
        for review in sample:
            value = values.get(review.id, {}).get(spec.id)
            type_of[review.id] = value if isinstance(value, str) and value else NO_TYPE
    flows: dict[str, Flow] = {ALL: Flow(ALL)}

    def targets(review_id: str) -> list[Flow]:
        out = [flows[ALL]]
        if specs:
            group = type_of.get(review_id, NO_TYPE)
            out.append(flows.setdefault(group, Flow(group)))
        return out

    for review in sample:
        state = states[review.id]
        for flow in targets(review.id):
            flow.identified[_label(review.provenance.repository)] += 1
            if state.duplicate_of is not None:
                flow.duplicates_removed += 1
            elif state.decision == "include":
                flow.included += 1
            elif state.decision == "exclude":
                flow.excluded[state.reason] += 1
            else:
                flow.awaiting += 1
    for d in decisions.values():
        if d.decision != "same_review":
            continue
        kept = review_of_doc.get(d.document_a) or review_of_doc.get(d.document_b)
        for flow in targets(kept or ""):
            flow.identified[_label(d.removed_repository)] += 1
            flow.duplicates_removed += 1
    used_repos = set()
    for flow in flows.values():
        used_repos |= set(flow.identified)
    repositories = list(prov.REPOSITORIES.values())
    if prov.NOT_RECORDED in used_repos:
        repositories.append(prov.NOT_RECORDED)
    used_reasons = set()
    for flow in flows.values():
        used_reasons |= set(flow.excluded)
    all_reasons = reasons + sorted(used_reasons - set(reasons))
    order = {c: i for i, c in enumerate(choices)}
    by_type = sorted(
        (f for g, f in flows.items() if g != ALL),
        key=lambda f: (f.group == NO_TYPE, order.get(f.group, len(order)), f.group),
    )
    return SampleFlow(flows[ALL], by_type, repositories, all_reasons)


def write_flow_csv(flow: SampleFlow, path: str | Path) -> int:
    return write_table(path, list(CSV_COLUMNS), flow.rows())
