"""The merge plan: everything ``plan_merge`` decided, as the rows the merged project file
will hold, and the report. ``write_merge`` writes it; nothing else passes between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coder.project.merge_inputs import MergeInput, close_inputs
from coder.teamwork.matching import Row


@dataclass
class MergePlan:
    inputs: list[MergeInput]
    meta: dict[str, str] = field(default_factory=dict)
    coders: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)  # with "source": input index
    codes: list[Row] = field(default_factory=list)
    attributes: list[Row] = field(default_factory=list)
    values: list[Row] = field(default_factory=list)
    codings: list[Row] = field(default_factory=list)
    memos: list[Row] = field(default_factory=list)
    assignments: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    adjudications: list[Row] = field(default_factory=list)
    case_kinds: list[Row] = field(default_factory=list)
    case_fields: list[Row] = field(default_factory=list)
    case_records: list[Row] = field(default_factory=list)
    case_values: list[Row] = field(default_factory=list)
    case_links: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    recode_flags: list[Row] = field(default_factory=list)
    frameworks: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    mappings: list[Row] = field(default_factory=list)
    screenings: list[Row] = field(default_factory=list)
    resolutions: list[Row] = field(default_factory=list)
    duplicate_decisions: list[Row] = field(default_factory=list)
    review_duplicates: list[Row] = field(default_factory=list)
    sample_meta: dict[str, str] = field(default_factory=dict)
    recommendations: list[Row] = field(default_factory=list)
    rec_addressees: list[Row] = field(default_factory=list)
    rec_codes: list[Row] = field(default_factory=list)
    rec_codings: list[Row] = field(default_factory=list)
    rec_statuses: list[Row] = field(default_factory=list)
    rec_rejections: list[Row] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        close_inputs(self.inputs)

    def __enter__(self) -> MergePlan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
