"""``review-coder check``: integrity and consistency of a project file.

The check only reads. It opens the file read-only (so it works on a read-only file, on a
damaged one, and beside a writer), decodes text leniently (so one undecodable value is a
finding, not a crash), and runs each check on its own: a check that cannot run is itself
a finding, and the others still run. FTS5's own integrity check is an ``INSERT``, so it
runs on a copy of the index in memory, never on the file.

What is checked, each finding with a stable ``kind`` (listed in the README):
SQLite's ``integrity_check`` and foreign keys, the header (application id, schema
version), undecodable text, the full-text index, the code tree, each document's PDF
against its SHA-256, its pages, words and text against each other and against the PDF
read again, every coding's range, pages, rectangles and quote against the text, and the
change log (``check_documents``, ``check_log``). ``check_fix`` repairs what can be
repaired safely.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.errors import NotFoundError
from coder.project import schema
from coder.project.store import Project

_SQLITE_HEADER = b"SQLite format 3\x00"
_TABLES = ("documents", "codes", "codings", "changes")  # a file without these is no project
REPLACEMENT = "\ufffd"


# Every kind of finding, a promise like the CLI's options (the README's table lists them).
KINDS = (
    "not_sqlite",
    "not_a_project",
    "unreadable",
    "header",
    "sqlite_integrity",
    "foreign_key",
    "undecodable_text",
    "fulltext_index",
    "code_cycle",
    "pdf_missing",
    "pdf_hash",
    "pdf_pages",
    "text_missing",
    "text_differs",
    "page_rows",
    "page_range",
    "page_size",
    "word_geometry",
    "word_offsets",
    "page_words",
    "word_boxes",
    "coding_range",
    "coding_quote",
    "coding_pages",
    "coding_rects",
    "structure_stale",
    "structure_range",
    "changelog_triggers",
    "changelog_sequence",
    "changelog_entry",
    "changelog_deleted_present",
)


@dataclass(frozen=True)
class Finding:
    """One problem: a stable ``kind``, a line for a person, and where it is."""

    kind: str
    message: str
    table: str | None = None
    id: str | None = None  # the row's UUID, or its rowid as text where it has none
    fixable: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"undocumented kind of finding: {self.kind}")

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "table": self.table,
            "id": self.id,
            "fixable": self.fixable,
        }


@dataclass
class CheckReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks that could not run, and why
    fixed: list[str] = field(default_factory=list)  # what ``--fix`` did, one line each
    backup: Path | None = None  # the copy ``--fix`` made first

    @property
    def sound(self) -> bool:
        return not self.findings

    def as_json(self) -> dict[str, Any]:
        return {
            "project": str(self.path),
            "sound": self.sound,
            "findings": [f.as_json() for f in self.findings],
            "skipped": self.skipped,
            "fixed": self.fixed,
            "backup": str(self.backup) if self.backup else None,
        }


def lenient_text(data: bytes) -> str:
    """Stored text decoded as SQLite would, but undecodable bytes become U+FFFD."""
    return data.decode("utf-8", "replace")


@contextmanager
def read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that decodes text leniently. Raises sqlite3.Error."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    with closing(conn):
        conn.text_factory = lenient_text
        conn.execute("PRAGMA busy_timeout = 5000")
        yield conn


def check_file(path: str | Path) -> CheckReport:
    """Check the project file at ``path`` without writing to it. Never raises for damage:
    every problem is a finding. Raises NotFoundError when there is no such file."""
    path = Path(path)
    report = CheckReport(path)
    if not path.is_file():
        raise NotFoundError(f"{path}: no such project file")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        report.findings.append(Finding("unreadable", f"the file cannot be read: {exc.strerror}"))
        return report
    if not header.startswith(_SQLITE_HEADER):
        report.findings.append(
            Finding("not_sqlite", "the file is not an SQLite database (its header is damaged)")
        )
        return report
    try:
        with read_only_connection(path) as conn:
            conn.execute("BEGIN")  # one snapshot for every check
            run_checks(conn, report)
    except sqlite3.Error as exc:
        report.findings.append(Finding("unreadable", f"SQLite cannot open the file: {exc}"))
    return report


def check_project(project: Project) -> list[str]:
    """Every problem found in an open project, one line each; empty when it is sound."""
    report = CheckReport(project.path)
    conn = project.conn
    factory = conn.text_factory
    conn.text_factory = lenient_text
    try:
        with project.read():
            run_checks(conn, report)
    finally:
        conn.text_factory = factory
    return [f.message for f in report.findings]


def run_checks(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Every check, in order, each on its own (see the module docstring)."""
    from coder.project import check_codings, check_documents, check_log

    add = report.findings.extend
    if not _guard(report, "the project header", lambda: add(check_header(conn))):
        return
    _guard(report, "SQLite's integrity check", lambda: add(check_integrity(conn)))
    _guard(report, "foreign keys", lambda: add(check_foreign_keys(conn)))
    _guard(report, "text encoding", lambda: add(check_encoding(conn)))
    _guard(report, "the full-text index", lambda: add(check_fulltext(conn)))
    _guard(report, "the code tree", lambda: add(check_code_tree(conn)))
    _guard(report, "documents", lambda: add(check_documents.check_documents(conn, report)))
    _guard(report, "codings", lambda: add(check_codings.check_codings(conn)))
    _guard(report, "document structure", lambda: add(check_structure(conn)))
    _guard(report, "the change log", lambda: add(check_log.check_change_log(conn)))


def _guard(report: CheckReport, what: str, run: Callable[[], None]) -> bool:
    """Run one check; a failure to run is a finding, and the others go on. Returns
    whether later checks can run (False when the file is not a project at all)."""
    try:
        run()
    except _NotAProject as exc:
        report.findings.append(Finding("not_a_project", str(exc)))
        return False
    except Exception as exc:  # damage can make any query fail: report it and go on
        report.findings.append(Finding("unreadable", f"{what} could not be read ({exc})"))
    return True


class _NotAProject(Exception):
    pass


def check_header(conn: sqlite3.Connection) -> list[Finding]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not set(_TABLES) <= tables:
        raise _NotAProject("the file is an SQLite database but not a Review Coder project")
    out = []
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != schema.APPLICATION_ID:
        out.append(
            Finding(
                "header",
                f"the file's application id is {app_id:#x}, not {schema.APPLICATION_ID:#x} "
                "(a damaged header)",
                fixable=True,
            )
        )
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    known = schema.known_names()
    unknown = [n for n in applied if n not in known]
    if unknown:
        raise _NotAProject(
            f"the project was made by a newer Review Coder (schema version {len(applied)}); "
            "update Review Coder to check it"
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != len(applied):
        out.append(
            Finding(
                "header",
                f"the file's user_version is {version}, but {len(applied)} migrations are "
                "applied (a damaged header)",
                fixable=True,
            )
        )
    return out


def check_integrity(conn: sqlite3.Connection) -> list[Finding]:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as exc:
        return [Finding("sqlite_integrity", f"SQLite integrity: the file is malformed ({exc})")]
    if rows == ["ok"]:
        return []
    # an index that disagrees with its table is rebuilt by REINDEX; other damage is not
    return [
        Finding("sqlite_integrity", f"SQLite integrity: {r}", fixable=_index_only(r)) for r in rows
    ]


def _index_only(line: str) -> bool:
    return line.startswith(("row ", "wrong # of entries in index")) and "index" in line


def check_foreign_keys(conn: sqlite3.Connection) -> list[Finding]:
    return [
        Finding(
            "foreign_key",
            f"{table} row {rowid} points to a missing {parent} row",
            table,
            str(rowid),
        )
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]


def text_columns(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """(table, column) for every column of the project's own tables that holds text."""
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'document_fts_%' ORDER BY name"
    ).fetchall():
        for _, column, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
            if kind.upper() in ("TEXT", ""):
                yield table, column


def undecodable(conn: sqlite3.Connection) -> Iterator[tuple[str, str, int]]:
    """(table, column, rowid) of every stored text value that is not valid UTF-8."""
    for table, column in text_columns(conn):
        rows = conn.execute(
            f'SELECT rowid, CAST("{column}" AS BLOB) FROM "{table}" '
            f"WHERE typeof(\"{column}\") = 'text'"
        )
        for rowid, data in rows:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                yield table, column, rowid


def check_encoding(conn: sqlite3.Connection) -> list[Finding]:
    return [
        Finding(
            "undecodable_text",
            f"{table}.{column} of row {rowid} is not valid UTF-8",
            table,
            str(rowid),
            fixable=True,
        )
        for table, column, rowid in undecodable(conn)
    ]


def check_fulltext(conn: sqlite3.Connection) -> list[Finding]:
    """FTS5's integrity check, on a copy of the index and the texts in memory (the check
    is an ``INSERT`` and the project's connection is read-only)."""
    sql = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('document_texts', 'document_fts')"
        ).fetchall()
    )
    if "document_fts" not in sql:
        return [Finding("fulltext_index", "the full-text index is missing", fixable=True)]
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    with closing(sqlite3.connect("file::memory:", uri=True, isolation_level=None)) as mem:
        mem.execute("ATTACH ? AS src", [f"{Path(path).resolve().as_uri()}?mode=ro"])
        mem.execute(sql["document_texts"])
        mem.execute("INSERT INTO main.document_texts SELECT * FROM src.document_texts")
        mem.execute(sql["document_fts"])
        for shadow in ("data", "idx", "docsize", "config"):
            mem.execute(f"DELETE FROM main.document_fts_{shadow}")
            mem.execute(
                f"INSERT INTO main.document_fts_{shadow} SELECT * FROM src.document_fts_{shadow}"
            )
        try:
            mem.execute(
                "INSERT INTO document_fts(document_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            return [
                Finding(
                    "fulltext_index",
                    f"the full-text index does not match the texts ({exc})",
                    fixable=True,
                )
            ]
    return []


def check_code_tree(conn: sqlite3.Connection) -> list[Finding]:
    from coder.codebook.tree import CodeTree

    tree = CodeTree(conn.execute("SELECT id, parent_id, name FROM codes"))
    return [
        Finding("code_cycle", f"code {code_id} is its own ancestor", "codes", code_id)
        for code_id in tree.has_cycle()
    ]


def check_structure(conn: sqlite3.Connection) -> list[Finding]:
    """Each document's structure: detected by this version (``--fix`` detects it again,
    through the caller: detection lives above this layer), its ranges inside the text."""
    from coder.structure.model import STRUCTURE_VERSION

    out = []
    titles = dict(conn.execute("SELECT id, title FROM documents").fetchall())
    lengths = dict(conn.execute("SELECT document_id, length(text) FROM document_texts").fetchall())
    stale = conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN structures s ON s.document_id = d.id "
        "WHERE s.version IS NULL OR s.version < ? ORDER BY d.title COLLATE NOCASE, d.rowid",
        [STRUCTURE_VERSION],
    )
    for (doc_id,) in stale.fetchall():
        out.append(
            Finding(
                "structure_stale",
                f"document '{titles[doc_id]}': structure not detected by this version "
                "(run 'review-coder check PROJECT --fix')",
                "documents",
                doc_id,
                fixable=True,
            )
        )
    for table in ("headings", "paragraphs"):
        for doc_id, start, end in conn.execute(
            f"SELECT document_id, char_start, char_end FROM {table} ORDER BY document_id, rowid"
        ).fetchall():
            if start < 0 or end > (lengths.get(doc_id) or 0):
                out.append(
                    Finding(
                        "structure_range",
                        f"document '{titles.get(doc_id, doc_id)}': {table[:-1]} [{start}, {end}) "
                        "is outside the text (run 'review-coder structure PROJECT --detect')",
                        table,
                        doc_id,
                    )
                )
    return out
