"""``review-coder check``: integrity and consistency of a project file."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from coder.codebook.tree import CodeTree
from coder.pdf.geometry import PageWords
from coder.project.store import Project
from coder.project.structure import stale_documents
from coder.structure.model import STRUCTURE_VERSION
from coder.text.model import PAGE_SEP


def check_project(project: Project) -> list[str]:
    """Every problem found, one line each; an empty list means the project is sound."""
    problems: list[str] = []
    conn = project.conn
    with project.read():
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.extend(f"SQLite integrity: {r}" for r in result[:20])
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points to a missing {parent} row")
        if not project.read_only:  # FTS5 runs its check as an INSERT; it writes nothing
            try:
                conn.execute(
                    "INSERT INTO document_fts(document_fts, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
        tree = CodeTree(conn.execute("SELECT id, parent_id, name FROM codes"))
        for code_id in tree.has_cycle():
            problems.append(f"code {code_id} is its own ancestor")
        texts = dict(conn.execute("SELECT document_id, text FROM document_texts"))
        for doc_id, title, sha, n_pages in conn.execute(
            "SELECT id, title, sha256, pages FROM documents"
        ).fetchall():
            problems.extend(
                _check_document(project, doc_id, title, sha, n_pages, texts.get(doc_id))
            )
        problems.extend(_check_codings(project, texts))
        problems.extend(_check_structure(project, texts))
    return problems


def _check_structure(project: Project, texts: dict[str, str]) -> list[str]:
    out = []
    conn = project.conn
    titles = dict(conn.execute("SELECT id, title FROM documents"))
    for doc_id in stale_documents(project, STRUCTURE_VERSION):
        out.append(
            f"document '{titles[doc_id]}': structure not detected by this version "
            "(run 'review-coder check PROJECT --fix')"
        )
    for table in ("headings", "paragraphs"):
        for doc_id, start, end in conn.execute(
            f"SELECT document_id, char_start, char_end FROM {table} ORDER BY document_id, rowid"
        ):
            if start < 0 or end > len(texts.get(doc_id, "")):
                out.append(
                    f"document '{titles.get(doc_id, doc_id)}': {table[:-1]} [{start}, {end}) "
                    "is outside the text (run 'review-coder structure PROJECT --detect')"
                )
    return out


def _check_document(
    project: Project, doc_id: str, title: str, sha: str, n_pages: int, text: str | None
) -> list[str]:
    out: list[str] = []
    name = f"document '{title}'"
    data = project.conn.execute(
        "SELECT data FROM document_files WHERE document_id = ?", [doc_id]
    ).fetchone()
    if data is None:
        out.append(f"{name}: its PDF is missing")
    elif hashlib.sha256(data[0]).hexdigest() != sha:
        out.append(f"{name}: its PDF does not match its SHA-256")
    if text is None:
        return [*out, f"{name}: its text is missing"]
    pages = project.conn.execute(
        "SELECT page, char_start, char_end, word_count, word_boxes, word_spans FROM pages "
        "WHERE document_id = ? ORDER BY page",
        [doc_id],
    ).fetchall()
    if len(pages) != n_pages or [p[0] for p in pages] != list(range(1, n_pages + 1)):
        out.append(f"{name}: {len(pages)} page rows for {n_pages} pages")
    expected_start = 0
    for page, start, end, count, boxes, spans in pages:
        if start != expected_start or end < start or end > len(text):
            out.append(f"{name} p.{page}: text range {start}-{end} is out of place")
            break
        words = PageWords.from_blobs(boxes, spans)
        if words.count != count or len(words.boxes) != 4 * count:
            out.append(f"{name} p.{page}: word geometry is damaged")
        elif count and words.span(count - 1)[1] != end - start:
            out.append(f"{name} p.{page}: the last word does not end the page text")
        expected_start = end + len(PAGE_SEP)
    if pages and pages[-1][2] != len(text):
        out.append(f"{name}: the pages do not cover its text")
    return out


def _check_codings(project: Project, texts: dict[str, str]) -> list[str]:
    out = []
    rows = project.conn.execute(
        "SELECT id, document_id, kind, char_start, char_end, page_start, page_end, rects, quote "
        "FROM codings"
    )
    for cid, doc_id, kind, start, end, p0, p1, rects, quote in rows:
        try:
            parsed = json.loads(rects)
            pages = {r[0] for r in parsed}
        except (ValueError, TypeError, IndexError):
            out.append(f"coding {cid}: its rectangles are not readable")
            continue
        if pages and not all(p0 <= p <= p1 for p in pages):
            out.append(f"coding {cid}: rectangles outside pages {p0}-{p1}")
        if kind == "text":
            text = texts.get(doc_id, "")
            if end > len(text):
                out.append(f"coding {cid}: range {start}-{end} is past the end of the text")
            elif text[start:end] != quote:
                out.append(f"coding {cid}: its quote differs from the text at {start}-{end}")
    return out
