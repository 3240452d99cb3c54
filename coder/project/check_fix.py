"""``review-coder check --fix``: repair what can be repaired safely, after a backup.

Safe means nothing a person made is guessed at or thrown away:
- a damaged header field (application id, schema version) is written again;
- indexes that disagree with their tables are rebuilt (``REINDEX``), and so is the
  full-text index;
- a document's pages, words and text are read again from its stored PDF, only when the PDF
  matches its SHA-256 and reading it again gives the stored text or the stored words (so
  every coding's offsets stay valid);
- a coding's quote is taken from the text when its range is confirmed by its pages and
  rectangles; a coding whose range is damaged is put back where its quote occurs, when
  it occurs exactly once; its pages and rectangles are computed again from the range;
- undecodable text other than a document's text (a name, a memo, a quote) has its bad
  bytes replaced by U+FFFD;
- the change log's append-only triggers and its counter are restored.
Anything else (foreign-key violations, damaged tables, a PDF that no longer matches) is
reported and left alone. The file is copied byte for byte beside the project first, each
repair is recorded in the change log, everything is one transaction, and the project is
checked again after.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from coder.errors import CoderError
from coder.project import check_codings, check_documents, check_log, schema
from coder.project.check import CheckReport, check_file, lenient_text, undecodable
from coder.project.clock import utc_now
from coder.project.lock import ProjectLock
from coder.project.store import default_user
from coder.text.model import TEXT_VERSION

# what reading the PDF again gives a page (other columns of a page row are kept)
_PAGE_COLUMNS = (
    "width",
    "height",
    "rotation",
    "crop_x",
    "crop_y",
    "media_height",
    "char_start",
    "char_end",
    "word_count",
    "word_boxes",
    "word_spans",
    "line_styles",
)
_DOCUMENT_KINDS = (
    "text_differs",
    "page_rows",
    "page_range",
    "page_size",
    "word_geometry",
    "word_offsets",
    "word_boxes",
)


def fix_file(path: str | Path, more: Callable[[Path], list[str]] | None = None) -> CheckReport:
    """Check the project, repair what is safe (see the module docstring) and check it again.
    The returned report holds what is left, what was done and the backup's path. Raises
    ProjectLockedError when the project is open for writing, CoderError when the backup
    or the repair fails (then the project is as it was). ``more`` (given the path, after
    these repairs) makes repairs that live above this layer (detecting document structure)
    and returns what it did."""
    path = Path(path)
    before = check_file(path)
    if not any(f.fixable for f in before.findings):
        return before
    lock = ProjectLock(path, default_user())
    lock.acquire()
    try:
        backup = _backup(path)
        try:
            fixed = _repair(path, before)
        except (sqlite3.Error, OSError) as exc:
            raise CoderError(
                f"the repair failed ({exc}); the project is as it was, and a copy is at {backup}"
            ) from None
    finally:
        lock.release()
    if more is not None:
        fixed += more(path)
    after = check_file(path)
    after.fixed = fixed
    after.backup = backup
    return after


def _backup(path: Path) -> Path:
    """A byte-for-byte copy beside the project (a damaged file cannot be copied through
    SQLite), with its journal or WAL if there is one."""
    stamp = utc_now().replace(":", "").replace("-", "").replace(".", "")
    dest = path.with_name(f"{path.stem}.before-fix-{stamp}{path.suffix}")
    try:
        for suffix in ("", "-wal", "-journal"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                tmp = Path(f"{dest}{suffix}.{os.getpid()}.copying")
                shutil.copyfile(source, tmp)
                os.replace(tmp, Path(f"{dest}{suffix}"))
    except OSError as exc:
        raise CoderError(
            f"cannot make a backup before repairing ({exc.strerror or exc}); nothing was changed"
        ) from None
    return dest


def _repair(path: Path, report: CheckReport) -> list[str]:
    kinds = {f.kind for f in report.findings if f.fixable}
    done: list[str] = []
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.text_factory = lenient_text
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = utc_now()
            if "header" in kinds:
                done += _header(conn)
            if "changelog_triggers" in kinds or "changelog_sequence" in kinds:
                done += _change_log(conn)
            if "sqlite_integrity" in kinds:
                conn.execute("REINDEX")
                done.append("rebuilt every index (REINDEX)")
            if "undecodable_text" in kinds:
                done += _undecodable(conn, now)
            doc_ids = {f.id for f in report.findings if f.fixable and f.kind in _DOCUMENT_KINDS}
            texts_changed = False
            for doc_id in sorted(i for i in doc_ids if i):
                restored = _document(conn, doc_id, now)
                if restored:
                    done.append(restored[0])
                    texts_changed |= restored[1]
            done += _codings(conn, now)
            if texts_changed or "fulltext_index" in kinds:
                conn.execute("INSERT INTO document_fts(document_fts) VALUES ('rebuild')")
                done.append("rebuilt the full-text index")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return done


def _log(conn: sqlite3.Connection, now: str, entity: str, entity_id: str, summary: str) -> None:
    conn.execute(
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary) "
        "VALUES (?, NULL, 'update', ?, ?, ?)",
        [now, entity, entity_id, f"repaired by check --fix: {summary}"],
    )


def _header(conn: sqlite3.Connection) -> list[str]:
    applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {int(applied)}")
    return ["wrote the header's application id and schema version again"]


def _change_log(conn: sqlite3.Connection) -> list[str]:
    done = []
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    for name, sql in check_log.APPEND_ONLY_TRIGGERS.items():
        if name not in present:
            conn.execute(sql)
            done.append(f"restored the change log's trigger {name}")
    top = conn.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    if row is None:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('changes', ?)", [top])
        done.append(f"restored the change log's counter ({top})")
    elif row[0] is None or row[0] < top:
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes'", [top])
        done.append(f"restored the change log's counter ({top})")
    return done


def _undecodable(conn: sqlite3.Connection, now: str) -> list[str]:
    """Replace the bad bytes of undecodable values, except in document texts (their
    offsets matter: those are only restored from the PDF)."""
    done = []
    for table, column, rowid in list(undecodable(conn)):
        if table == "document_texts":
            continue
        value = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', [rowid])
        text = value.fetchone()[0]  # decoded leniently: the bad bytes are U+FFFD
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', [text, rowid])
        done.append(f"{table}.{column} of row {rowid}: undecodable bytes replaced by U+FFFD")
        if table != "changes":
            _log(conn, now, table, str(rowid), f"undecodable bytes in {column} replaced")
    return done


def _document(conn: sqlite3.Connection, doc_id: str, now: str) -> tuple[str, bool] | None:
    """Read the document's pages and text again from its PDF, when that is safe. Returns
    what was done and whether the text changed, or None."""
    from coder.pdf.extract import sha256_of

    row = conn.execute(
        "SELECT d.title, d.sha256, d.text_version, d.pages, CAST(f.data AS BLOB), t.text "
        "FROM documents d JOIN document_files f ON f.document_id = d.id "
        "JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        return None
    title, sha, version, n_pages, data, text = row
    if sha256_of(data) != sha or version != TEXT_VERSION:
        return None
    fresh = check_documents.read_again(data, title)
    pages = check_documents.stored_pages(conn, doc_id)
    if fresh is None or len(fresh.pages) != n_pages:
        return None
    if fresh.text != text and not check_documents.same_spans(fresh.pages, pages):
        return None  # neither the text nor the words confirm this reading
    conn.execute("DELETE FROM pages WHERE document_id = ? AND page > ?", [doc_id, n_pages])
    start = 0
    for page in fresh.pages:
        boxes, spans = page.words.to_blobs()
        conn.execute(
            f"INSERT INTO pages ({', '.join(_PAGE_COLUMNS)}, document_id, page) "
            f"VALUES ({', '.join('?' * (len(_PAGE_COLUMNS) + 2))}) "
            "ON CONFLICT (document_id, page) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _PAGE_COLUMNS),
            [
                page.width,
                page.height,
                page.rotation,
                page.crop_x,
                page.crop_y,
                page.media_height,
                start,
                start + len(page.text),
                page.words.count,
                boxes,
                spans,
                page.styles.to_blob(),
                doc_id,
                page.number,
            ],
        )
        start += len(page.text) + 1
    what = "pages and words"
    if fresh.text != text:
        # The update trigger would remove the old text from the full-text index, which
        # fails when the index never held that text; the index is rebuilt after.
        (trigger,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'document_texts_au'"
        ).fetchone() or (None,)
        if trigger:
            conn.execute("DROP TRIGGER document_texts_au")
        conn.execute(
            "UPDATE document_texts SET text = ? WHERE document_id = ?", [fresh.text, doc_id]
        )
        if trigger:
            conn.execute(trigger)
        what = "text, pages and words"
    _log(conn, now, "document", doc_id, f"{what} read again from its PDF")
    return f"document '{title}': {what} read again from its PDF", fresh.text != text


def _codings(conn: sqlite3.Connection, now: str) -> list[str]:
    """Put back each coding that can be placed (on the text as it is now, after the
    document repairs above)."""
    done = []
    docs = dict(check_codings.layouts(conn))
    pages = dict(conn.execute("SELECT id, pages FROM documents").fetchall())
    unplaced = check_codings.unplaced_codings(conn)
    for row in check_codings.coding_rows(conn):
        problem = check_codings.coding_problem(
            docs.get(row.document_id), pages.get(row.document_id), row, row.id in unplaced
        )
        if problem is None or problem.repair is None:
            continue
        p = problem.repair
        conn.execute(
            "UPDATE codings SET char_start = ?, char_end = ?, page_start = ?, page_end = ?, "
            "rects = ?, quote = ? WHERE id = ?",
            [
                p.char_start,
                p.char_end,
                p.page_start,
                p.page_end,
                json.dumps(p.rects),
                p.quote,
                row.id,
            ],
        )
        what = {
            "coding_quote": "quote taken from the text at its range",
            "coding_range": "range put back where its quote is",
        }.get(problem.kind, "pages and rectangles computed again")
        if problem.kind == "coding_quote" and (p.char_start, p.char_end) != (
            row.char_start,
            row.char_end,
        ):
            what = "range put back where its quote is"
        _log(conn, now, "coding", row.id, what)
        done.append(f"coding {row.id}: {what}")
    return done
