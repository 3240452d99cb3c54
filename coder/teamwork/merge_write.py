"""Writing a merge plan to a new project file, atomically: everything is written to a
temporary file beside the output, checked, and renamed into place."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from coder.errors import CoderError
from coder.project.clock import utc_now
from coder.project.lock import lock_path
from coder.project.store import SUFFIX, Project
from coder.teamwork.merge import MergePlan


def write_merge(plan: MergePlan, out: Path, name: str | None = None) -> None:
    """Write the merged project to ``out``, which must not exist yet."""
    if out.suffix != SUFFIX:
        raise CoderError(f"{out.name}: a project file's name ends in {SUFFIX}")
    if out.resolve() in {inp.path.resolve() for inp in plan.inputs}:
        raise CoderError("the output cannot be one of the inputs; name a new project file")
    if out.exists():
        raise CoderError(f"{out} already exists; choose another name for the merged project")
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.merging{SUFFIX}")
    tmp.unlink(missing_ok=True)
    try:
        Project.create(tmp, name=name or out.stem).close()
        conn = sqlite3.connect(str(tmp), uri=True, isolation_level=None)
        try:
            _fill(conn, plan)
        finally:
            conn.close()
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        raise CoderError(f"cannot write {out.name}: {exc}; nothing was written") from None
    except OSError as exc:
        raise CoderError(f"cannot write {out.name}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
        lock_path(tmp).unlink(missing_ok=True)
        for extra in ("-journal", "-wal", "-shm"):
            Path(str(tmp) + extra).unlink(missing_ok=True)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = _columns(conn, table)
    marks = ", ".join("?" * len(cols))
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
        [tuple(r.get(c) for c in cols) for r in rows],
    )


def _fill(conn: sqlite3.Connection, plan: MergePlan) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive in table order; checked below
    conn.execute("PRAGMA synchronous = OFF")  # a temporary file, renamed only when complete
    conn.execute("BEGIN")
    conn.execute("DELETE FROM coders")
    conn.execute("UPDATE project SET value = ? WHERE key = 'id'", [plan.meta["id"]])
    conn.execute("UPDATE project SET value = ? WHERE key = 'created_at'", [plan.meta["created_at"]])
    _insert(conn, "coders", plan.coders)
    _insert(conn, "reviews", plan.reviews)
    _insert(conn, "documents", plan.documents)
    _insert(conn, "codes", plan.codes)
    _insert(conn, "attributes", plan.attributes)
    _insert(conn, "attribute_values", plan.values)
    _insert(conn, "codings", plan.codings)
    _insert(conn, "memos", plan.memos)
    _insert(conn, "assignments", plan.assignments)
    _insert(conn, "coding_flags", plan.flags)
    _insert(conn, "adjudications", plan.adjudications)
    conn.executemany(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        plan.changes,
    )
    conn.execute(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary, detail) "
        "VALUES (?, NULL, 'update', 'project', ?, ?, ?)",
        [
            utc_now(),
            plan.meta["id"],
            f"merged {len(plan.inputs)} projects",
            json.dumps({"inputs": [inp.label for inp in plan.inputs]}, ensure_ascii=False),
        ],
    )
    conn.execute("COMMIT")
    _copy_documents(conn, plan)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise CoderError(f"the merge would leave dangling references ({problems[0]}); a bug")


def _copy_documents(conn: sqlite3.Connection, plan: MergePlan) -> None:
    """Copy each kept document's PDF, text and pages from the input it was kept from."""
    by_source: dict[int, list[str]] = {}
    for d in plan.documents:
        by_source.setdefault(d["source"], []).append(d["id"])
    pages = ", ".join(c for c in _columns(conn, "pages"))
    for index, doc_ids in sorted(by_source.items()):
        uri = f"{plan.inputs[index].path.resolve().as_uri()}?mode=ro"
        conn.execute("ATTACH DATABASE ? AS src", [uri])
        try:
            conn.execute("BEGIN")
            for doc in doc_ids:
                conn.execute(
                    "INSERT INTO document_files (document_id, data) "
                    "SELECT document_id, data FROM src.document_files WHERE document_id = ?",
                    [doc],
                )
                conn.execute(
                    "INSERT INTO document_texts (document_id, text) "
                    "SELECT document_id, text FROM src.document_texts WHERE document_id = ?",
                    [doc],
                )
                conn.execute(
                    f"INSERT INTO pages ({pages}) SELECT {pages} FROM src.pages "
                    "WHERE document_id = ?",
                    [doc],
                )
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE src")
