"""Writing a merge plan's rows into a new project file: the merge's SQL. The plan comes
from ``coder.teamwork.merge``; ``coder.teamwork.merge_write`` makes the file, calls
``fill`` and puts the file in place."""

from __future__ import annotations

import json
import sqlite3
from operator import itemgetter
from typing import Any

from coder.errors import CoderError
from coder.project.clock import utc_now


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = [c for c in _columns(conn, table) if any(c in r for r in rows[:1])]
    marks = ", ".join("?" * len(cols))
    pick = itemgetter(*cols)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
        [pick(r) if len(cols) > 1 else (pick(r),) for r in rows],
    )


def fill(conn: sqlite3.Connection, plan: Any) -> None:
    """Write a merge plan (``coder.teamwork.merge.MergePlan``: rows by table, and the
    inputs their codings are copied from) into a new, empty project's connection."""
    conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive in table order; checked below
    # a temporary file, renamed into place only when complete: no journal, no syncs until
    # the end (an interrupted merge leaves nothing behind)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB: five indexes on codings stay cached
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
    # Codings are copied file to file from the input each was kept from (with the ids
    # they now point to); only re-anchored ones are written from Python.
    _insert(conn, "codings", [r for r in plan.codings if r.get("_full")])
    _insert(conn, "memos", plan.memos)
    _insert(conn, "assignments", plan.assignments)
    _insert(conn, "coding_flags", plan.flags)
    _insert(conn, "adjudications", plan.adjudications)
    _insert(conn, "case_kinds", plan.case_kinds)
    _insert(conn, "case_fields", plan.case_fields)
    _insert(conn, "case_records", plan.case_records)
    _insert(conn, "case_values", plan.case_values)
    _insert(conn, "case_links", plan.case_links)
    meta: dict[str, str] = next(
        (inp.meta for inp in plan.inputs if inp.meta.get("case_data_title")), {}
    )
    conn.executemany(
        "INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)",
        [(k, meta[k]) for k in ("case_data_title", "case_data_source") if k in meta],
    )
    _insert(conn, "coding_links", plan.links)
    _insert(conn, "recode_flags", plan.recode_flags)
    _insert(conn, "frameworks", plan.frameworks)
    _insert(conn, "framework_categories", plan.categories)
    _insert(conn, "framework_mappings", plan.mappings)
    _insert(conn, "screenings", plan.screenings)
    _insert(conn, "screening_resolutions", plan.resolutions)
    _insert(conn, "duplicate_decisions", plan.duplicate_decisions)
    _insert(conn, "review_duplicates", plan.review_duplicates)
    _insert(conn, "recommendations", plan.recommendations)
    _insert(conn, "recommendation_addressees", plan.rec_addressees)
    _insert(conn, "recommendation_codes", plan.rec_codes)
    _insert(conn, "recommendation_codings", plan.rec_codings)
    _insert(conn, "recommendation_statuses", plan.rec_statuses)
    _insert(conn, "recommendation_rejections", plan.rec_rejections)
    conn.executemany(
        "INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)",
        sorted(plan.sample_meta.items()),
    )
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
    _copy_from_inputs(conn, plan)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise CoderError(f"the merge would leave dangling references ({problems[0]}); a bug")


def _copy_from_inputs(conn: sqlite3.Connection, plan: Any) -> None:
    """Copy each kept document's PDF, text and pages, and each kept coding, from the input
    it was kept from. The codings' indexes are built once, after all rows are in."""
    docs: dict[int, list[str]] = {}
    for d in plan.documents:
        docs.setdefault(d["source"], []).append(d["id"])
    picks: dict[int, list[tuple]] = {}
    for r in plan.codings:
        if not r.get("_full"):
            picks.setdefault(r["_src"], []).append(
                (
                    r["id"],
                    r["document_id"],
                    r["code_id"],
                    r["coder_id"],
                    r["effect"],
                    r["judgement"],
                    r["modified_at"],
                )
            )
    pages = ", ".join(_columns(conn, "pages"))
    cols = ", ".join(_columns(conn, "codings"))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'codings' "
        "AND sql IS NOT NULL"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.execute(
        "CREATE TEMP TABLE pick (id TEXT PRIMARY KEY, document_id TEXT, code_id TEXT, "
        "coder_id TEXT, effect TEXT, judgement TEXT, modified_at TEXT)"
    )
    conn.execute("COMMIT")
    for index in sorted(set(docs) | set(picks)):
        uri = f"{plan.inputs[index].path.resolve().as_uri()}?mode=ro"
        conn.execute("ATTACH DATABASE ? AS src", [uri])
        try:
            conn.execute("BEGIN")
            for doc in docs.get(index, []):
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
                # the structure travels with the text it was detected on; a correction's
                # coder is kept when the merged file knows them by that id
                for table in ("structures", "headings", "paragraphs"):
                    conn.execute(
                        f"INSERT INTO {table} SELECT * FROM src.{table} WHERE document_id = ?",
                        [doc],
                    )
                conn.execute(
                    "INSERT INTO structure_corrections (id, document_id, action, char_start, "
                    "value, coder_id, created_at) SELECT id, document_id, action, char_start, "
                    "value, CASE WHEN coder_id IN (SELECT id FROM main.coders) THEN coder_id END, "
                    "created_at FROM src.structure_corrections WHERE document_id = ?",
                    [doc],
                )
            mine = picks.get(index, [])
            if _unchanged(mine, plan.inputs[index].codings):
                # every coding of this input kept as it is: copy them wholesale
                conn.execute(f"INSERT INTO main.codings ({cols}) SELECT {cols} FROM src.codings")
                conn.execute("COMMIT")
                continue
            conn.execute("DELETE FROM temp.pick")
            conn.executemany("INSERT INTO temp.pick VALUES (?, ?, ?, ?, ?, ?, ?)", mine)
            conn.execute(
                "INSERT INTO main.codings (id, document_id, code_id, coder_id, kind, char_start, "
                "char_end, page_start, page_end, rects, quote, effect, judgement, created_at, "
                "modified_at) SELECT c.id, p.document_id, p.code_id, p.coder_id, c.kind, "
                "c.char_start, c.char_end, c.page_start, c.page_end, c.rects, c.quote, p.effect, "
                "p.judgement, c.created_at, p.modified_at FROM temp.pick p "
                "JOIN src.codings c ON c.id = p.id ORDER BY c.id"
            )
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE src")
    conn.execute("BEGIN")
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("DROP TABLE temp.pick")
    conn.execute("COMMIT")
    expected = len(plan.codings)
    (written,) = conn.execute("SELECT count(*) FROM codings").fetchone()
    if written != expected:
        raise CoderError(f"the merge wrote {written} codings of {expected}; nothing was written")


def _unchanged(picks: list[tuple], codings: list[dict[str, Any]]) -> bool:
    """Whether the codings picked from an input are all of its codings, each with the
    document, code, coder, effect, judgement and modification time it has there."""
    if not picks or len(picks) != len(codings):
        return False
    original = {c["id"]: c for c in codings}
    for cid, *picked in picks:
        c = original.get(cid)
        if c is None or picked != [
            c["document_id"],
            c["code_id"],
            c["coder_id"],
            c["effect"],
            c["judgement"],
            c["modified_at"],
        ]:
            return False
    return True
