"""The segments export (one row per coding) as the app writes it: checked for disclosure,
written atomically, with the check's report beside it."""

from __future__ import annotations

from pathlib import Path

from coder.analysis.disclosure import guarded_segments, write_beside
from coder.analysis.pool import Pool
from coder.analysis.tables import write_table
from coder.progress import NO_PROGRESS, Progress, stepping


def write_segments(pool: Pool, path: Path, progress: Progress = NO_PROGRESS) -> int:
    """Write the pool's segments table to ``path`` (.csv, .xlsx or .parquet) and the
    disclosure check's report beside it; returns the number of rows. Raises
    DisclosureBlockedError on a sensitive term, and Cancelled from ``progress``: either way
    the table is not written."""
    header, rows, found = guarded_segments(pool, path)
    n = write_table(path, header, stepping(rows, progress))
    write_beside(found, path)
    return n
