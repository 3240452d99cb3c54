"""Flags on codings a merge could not place on the text their document now has."""

from __future__ import annotations

from coder.project.records import CodingFlag
from coder.project.table import Table

TABLE = Table(
    "coding_flags",
    "coding_flag",
    CodingFlag,
    ("coding_id", "flag", "detail", "flagged_at"),
    key=("coding_id",),
    rank=20,
)
