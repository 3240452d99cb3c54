"""Ways a project file gets damaged, each applied to a real project file on disk.

Each function damages the file at ``path`` as a disk, a sync tool, another program or a
bug could: raw SQLite writes that bypass the program (triggers off where they would
refuse), or bytes changed in the file itself.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from contextlib import closing
from pathlib import Path


def _sql(path: Path, *statements: str | tuple[str, list]) -> None:
    """Run statements (each SQL, or SQL and its parameters) straight on the file."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, [])
            conn.execute(sql, params)


def _first(path: Path, sql: str) -> tuple:
    with closing(sqlite3.connect(path)) as conn:
        conn.text_factory = bytes
        return conn.execute(sql).fetchone()


def undecodable_quote(path: Path) -> None:
    """Invalid UTF-8 in one quote (a byte of 'é' lost: the issue's crash)."""
    _sql(
        path,
        "UPDATE codings SET quote = CAST(x'4d415241c320726566' AS TEXT) "
        "WHERE rowid = (SELECT min(rowid) FROM codings WHERE kind = 'text')",
    )


def undecodable_text(path: Path) -> None:
    """One byte of the document's stored text replaced by 0xFF: not UTF-8 any more."""
    (text,) = _first(path, "SELECT CAST(text AS BLOB) FROM document_texts")
    at = text.index(b"Officers") + 2
    damaged = text[:at] + b"\xff" + text[at + 1 :]
    _sql(
        path,
        "DROP TRIGGER document_texts_au",
        ("UPDATE document_texts SET text = CAST(? AS TEXT)", [damaged]),
    )
    _restore_trigger(path)


def _restore_trigger(path: Path) -> None:
    _sql(
        path,
        """CREATE TRIGGER document_texts_au AFTER UPDATE ON document_texts BEGIN
        INSERT INTO document_fts(document_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO document_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    )


def word_box_moved(path: Path) -> None:
    """A low byte of one word box's float changed: the word moves by a fraction of a point,
    and nothing but the PDF read again can tell."""
    (boxes,) = _first(path, "SELECT word_boxes FROM pages WHERE page = 1")
    x0 = struct.unpack_from("<f", boxes, 0)[0]
    damaged = struct.pack("<f", x0 + 0.5) + boxes[4:]
    _sql(path, ("UPDATE pages SET word_boxes = ? WHERE page = 1", [damaged]))


def word_spans_shifted(path: Path) -> None:
    """The second word's start moved by one character."""
    (spans,) = _first(path, "SELECT word_spans FROM pages WHERE page = 1")
    start = struct.unpack_from("<I", spans, 12)[0]
    damaged = spans[:12] + struct.pack("<I", start + 1) + spans[16:]
    _sql(path, ("UPDATE pages SET word_spans = ? WHERE page = 1", [damaged]))


def word_blob_truncated(path: Path) -> None:
    """A word-offset blob cut short (not a whole number of words)."""
    _sql(path, "UPDATE pages SET word_spans = substr(word_spans, 1, 13) WHERE page = 2")


def word_count_wrong(path: Path) -> None:
    _sql(path, "UPDATE pages SET word_count = word_count + 1 WHERE page = 1")


def page_range_moved(path: Path) -> None:
    _sql(path, "UPDATE pages SET char_end = char_end - 3 WHERE page = 1")


def page_row_missing(path: Path) -> None:
    _sql(path, "DELETE FROM pages WHERE page = 3")


def pdf_damaged(path: Path) -> None:
    """One byte of the stored PDF changed: its SHA-256 no longer matches."""
    (data,) = _first(path, "SELECT data FROM document_files")
    at = len(data) // 2
    damaged = data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]
    _sql(path, ("UPDATE document_files SET data = ?", [damaged]))


def fulltext_index_stale(path: Path) -> None:
    """The document removed from the full-text index behind the table's back."""
    (text,) = _first(path, "SELECT text FROM document_texts")
    _sql(
        path,
        (
            "INSERT INTO document_fts(document_fts, rowid, text) VALUES ('delete', 1, ?)",
            [text.decode()],
        ),
    )


def coding_quote_changed(path: Path) -> None:
    _sql(
        path,
        "UPDATE codings SET quote = 'tampered' "
        "WHERE rowid = (SELECT min(rowid) FROM codings WHERE kind = 'text')",
    )


def coding_range_moved(path: Path) -> None:
    """The MARAC coding's range moved ten characters on (its quote occurs once)."""
    _sql(
        path,
        "UPDATE codings SET char_start = char_start + 10, char_end = char_end + 10 "
        "WHERE quote = 'MARAC referral'",
    )


def coding_range_past_the_end(path: Path) -> None:
    _sql(
        path,
        "UPDATE codings SET char_start = 100000, char_end = 100014 WHERE quote = 'MARAC referral'",
    )


def coding_rects_garbled(path: Path) -> None:
    _sql(path, "UPDATE codings SET rects = '[[1, 72.0, 9' WHERE quote = 'MARAC referral'")


def coding_rects_moved(path: Path) -> None:
    """A digit of a rectangle changed: still readable, no longer the range's place."""
    _sql(
        path,
        "UPDATE codings SET rects = replace(rects, '[2, ', '[2, 1') WHERE quote = 'MARAC referral'",
    )


def foreign_key_broken(path: Path) -> None:
    _sql(path, "UPDATE codings SET code_id = 'no-such-code' WHERE kind = 'area'")


def code_cycle(path: Path) -> None:
    _sql(
        path,
        "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'MARAC') "
        "WHERE name = 'Agencies'",
    )


def changelog_trigger_dropped(path: Path) -> None:
    _sql(path, "DROP TRIGGER changes_no_delete")


def changelog_counter_behind(path: Path) -> None:
    _sql(path, "UPDATE sqlite_sequence SET seq = 1 WHERE name = 'changes'")


def changelog_entry_garbled(path: Path) -> None:
    _sql(
        path,
        "DROP TRIGGER changes_no_update",
        "UPDATE changes SET at = 'yesterday', detail = '{bad' WHERE seq = 2",
        """CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN
        SELECT RAISE(ABORT, 'the change log is append-only');
    END""",
    )


def changelog_says_deleted(path: Path) -> None:
    _sql(
        path,
        "INSERT INTO changes (at, coder_id, action, entity, entity_id, summary) "
        "SELECT '2999-01-01T00:00:00.000Z', NULL, 'delete', 'coding', id, 'x' FROM codings "
        "WHERE kind = 'area'",
    )


def header_application_id(path: Path) -> None:
    """Bytes 68-71 of the file (the application id) overwritten."""
    with path.open("r+b") as fh:
        fh.seek(68)
        fh.write(b"\x00\x00\x00\x07")


def index_entry_damaged(path: Path) -> None:
    """One byte of a key in an index page changed: the index no longer matches its table
    (SQLite's integrity check sees it; a query using the index gives wrong answers)."""
    (root,) = _first(path, "SELECT rootpage FROM sqlite_master WHERE name = 'codings_coder'")
    page_size = _first(path, "PRAGMA page_size")[0]
    (coder,) = _first(path, "SELECT coder_id FROM codings LIMIT 1")
    data = bytearray(path.read_bytes())
    page = data[(root - 1) * page_size : root * page_size]
    at = page.index(coder) + (root - 1) * page_size
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    path.write_bytes(bytes(data))


def table_page_damaged(path: Path) -> None:
    """The header of the codings table's root page overwritten: the table is unreadable."""
    (root,) = _first(path, "SELECT rootpage FROM sqlite_master WHERE name = 'codings'")
    page_size = _first(path, "PRAGMA page_size")[0]
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def not_sqlite(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(b"PK\x03\x04 not sqlite at all")


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        undecodable_quote,
        undecodable_text,
        word_box_moved,
        word_spans_shifted,
        word_blob_truncated,
        word_count_wrong,
        page_range_moved,
        page_row_missing,
        pdf_damaged,
        fulltext_index_stale,
        coding_quote_changed,
        coding_range_moved,
        coding_range_past_the_end,
        coding_rects_garbled,
        coding_rects_moved,
        foreign_key_broken,
        code_cycle,
        changelog_trigger_dropped,
        changelog_counter_behind,
        changelog_entry_garbled,
        changelog_says_deleted,
        header_application_id,
        index_entry_damaged,
        table_page_damaged,
        not_sqlite,
    )
}
