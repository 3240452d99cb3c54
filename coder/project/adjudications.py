"""Adjudication rows: what became of each coder's coding in the consensus layer."""

from __future__ import annotations

from coder.project.records import Adjudication
from coder.project.table import Table

TABLE = Table(
    "adjudications",
    "adjudication",
    Adjudication,
    ("coding_id", "decision", "consensus_coding_id", "decided_by", "decided_at"),
    key=("coding_id",),
    rank=20,
)
