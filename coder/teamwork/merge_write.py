"""Writing a merge plan to a new project file, atomically: everything is written to a
temporary file beside the output, checked, and renamed into place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coder import scratch
from coder.atomic import publish
from coder.errors import CoderError, os_error
from coder.project.merge_store import fill
from coder.project.store import SUFFIX, Project, check_name
from coder.teamwork.merge_plan import MergePlan


def write_merge(plan: MergePlan, out: Path, name: str | None = None) -> None:
    """Write the merged project to ``out``, which must not exist yet."""
    if out.suffix != SUFFIX:
        raise CoderError(f"{out.name}: a project file's name ends in {SUFFIX}")
    if out.resolve() in {inp.path.resolve() for inp in plan.inputs}:
        raise CoderError("the output cannot be one of the inputs; name a new project file")
    if out.exists():
        raise CoderError(f"{out} already exists; choose another name for the merged project")
    check_name(out)
    scratch.sweep(out.parent)
    tmp = scratch.scratch_path(out, "merging", project=True)
    try:
        Project.create(tmp, name=name or out.stem).close()
        conn = sqlite3.connect(str(tmp), uri=True, isolation_level=None)
        try:
            fill(conn, plan)
        finally:
            conn.close()
        publish(tmp, out)  # on disk before it takes the output's name
    except sqlite3.Error as exc:
        raise CoderError(f"cannot write {out.name}: {exc}; nothing was written") from None
    except OSError as exc:
        raise os_error(exc, f"cannot write {out.name}") from None
    finally:
        scratch.remove(tmp)
