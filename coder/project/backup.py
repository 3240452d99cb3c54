"""Consistent copies of a project: "Save a copy…" and the automatic backups on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coder import scratch
from coder.atomic import publish
from coder.errors import CoderError, os_error
from coder.project.clock import utc_now


def copy_project(source: Path, dest: Path) -> None:
    """Write a consistent snapshot of ``source`` to ``dest`` (``VACUUM INTO`` on a read-only
    connection, so it works while the project is open and in use). The copy is written
    to a temporary name and renamed: ``dest`` is never half written."""
    scratch.sweep(dest.parent)
    tmp = scratch.scratch_path(dest, "copying", project=True)
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("VACUUM INTO ?", [str(tmp)])
        finally:
            conn.close()
        publish(tmp, dest)
    except sqlite3.Error as exc:
        raise CoderError(f"cannot copy the project to {dest}: {exc}") from None
    except OSError as exc:
        raise os_error(exc, f"cannot copy the project to {dest.name}") from None
    finally:
        scratch.remove(tmp)


def backup(source: Path, folder: Path, keep: int = 5) -> Path:
    """Copy ``source`` into ``folder`` under a timestamped name and keep the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().replace(":", "").replace("-", "").replace(".", "")
    dest = folder / f"{source.stem}-{stamp}.rcproj"
    copy_project(source, dest)
    for old in sorted(folder.glob(f"{source.stem}-*.rcproj"))[:-keep]:
        old.unlink(missing_ok=True)
    return dest
