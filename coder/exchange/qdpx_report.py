"""The report of a REFI-QDA import (part of ``qdpx_import``): what was imported, what
was not and why, and what became of every element of the file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coder.project.edit import Edit

# what became of an element of the file (``ImportReport.elements``)
IMPORTED = "imported"
READ_AS_EFFECTS = "read as effects or judgements"
MERGED = "merged with another"
NOT_IMPORTED = "not imported"


@dataclass
class ImportReport:
    name: str = ""
    origin: str = ""
    unit: str = "codepoint"
    page_base: int = 0  # what the file's PDFSelection pages count from
    y_origin: str = "bottom"  # where its PDFSelection y is measured from
    pdf_rule: str = ""  # what decided both (empty: the file has no PDF areas)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    not_imported: list[str] = field(default_factory=list)
    # what became of each element of the file, by its tag: {"Coding": {"imported": 380,
    # "read as effects or judgements": 351, "merged with another": 2, ...}, ...}
    elements: dict[str, dict[str, int]] = field(default_factory=dict)
    #: every row the import made in the new project (undo takes it back to as created)
    edit: Edit = field(default_factory=Edit, compare=False)

    def account(self, tag: str, outcome: str, n: int = 1) -> None:
        if n:
            outcomes = self.elements.setdefault(tag, {})
            outcomes[outcome] = outcomes.get(outcome, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "position_unit": self.unit,
            "pdf_pages_from": self.page_base,
            "pdf_y_from": self.y_origin,
            "pdf_rule": self.pdf_rule,
            "imported": dict(self.counts),
            "not_imported": self.not_imported,
            "elements": self.elements,
        }
