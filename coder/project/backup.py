"""Consistent copies of a project: "Save a copy…" and the automatic backups on open."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coder.errors import CoderError
from coder.project.clock import utc_now


def copy_project(source: Path, dest: Path) -> None:
    """Write a consistent snapshot of ``source`` to ``dest`` (``VACUUM INTO`` on a read-only
    connection, so it works while the project is open and in use). The copy is written
    to a temporary name and renamed: ``dest`` is never half written."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.copying")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("VACUUM INTO ?", [str(tmp)])
        finally:
            conn.close()
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        raise CoderError(f"cannot copy the project to {dest}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def backup(source: Path, folder: Path, keep: int = 5) -> Path:
    """Copy ``source`` into ``folder`` under a timestamped name and keep the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().replace(":", "").replace("-", "").replace(".", "")
    dest = folder / f"{source.stem}-{stamp}.rcproj"
    copy_project(source, dest)
    for old in sorted(folder.glob(f"{source.stem}-*.rcproj"))[:-keep]:
        old.unlink(missing_ok=True)
    return dest
