"""The files SQLite keeps beside a project: a killed writer's journal and WAL are
recovered; a WAL that belongs to another file is refused, not replayed."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coder.project.sidecars import ForeignWalError, UnfinishedChangeError, has_hot_journal
from coder.project.store import Project

ROOT = Path(__file__).resolve().parents[2]


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def meta(path: Path, key: str) -> str | None:
    with Project.open(path, read_only=True) as project:
        return project.meta(key)


def child(code: str) -> None:
    """Run ``code`` in a fresh Python that kills itself (no cleanup, as kill -9)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == -9, done.stderr


@pytest.fixture
def proj(tmp_path):
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="Ann") as project, project.write():
        project.conn.execute("INSERT INTO project (key, value) VALUES ('mark', 'before')")
    return path


def test_a_hot_journal_is_rolled_back_on_a_read_only_open(proj):
    before = dump(proj)
    # a writer in a rollback-journal transaction, its cache spilled to the file, killed
    child(f"""
        import os, sqlite3
        conn = sqlite3.connect({str(proj)!r}, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE project SET value = 'half' WHERE key = 'mark'")
        conn.execute("CREATE TABLE junk (x)")
        for _ in range(500):
            conn.execute("INSERT INTO junk VALUES (?)", [os.urandom(400)])
        os.kill(os.getpid(), 9)
    """)
    assert has_hot_journal(proj)
    assert (
        meta(proj, "mark") == "before"
    )  # read-only: it was 'attempt to write a readonly database'
    assert not has_hot_journal(proj)
    assert dump(proj) == before
    assert sorted(p.name for p in proj.parent.iterdir()) == ["p.rcproj"]


def test_a_hot_journal_in_a_folder_that_cannot_be_written(proj, monkeypatch):
    child(f"""
        import os, sqlite3
        conn = sqlite3.connect({str(proj)!r}, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE junk (x)")
        for _ in range(500):
            conn.execute("INSERT INTO junk VALUES (?)", [os.urandom(400)])
        os.kill(os.getpid(), 9)
    """)
    import coder.project.sidecars as sidecars

    def refuse(self):
        raise sidecars.CoderError("cannot open p.rcproj for writing: permission denied")

    monkeypatch.setattr(sidecars.ProjectLock, "acquire", refuse)
    with pytest.raises(UnfinishedChangeError) as refused:
        Project.open(proj, read_only=True)
    assert str(refused.value) == (
        "p.rcproj: a change was interrupted (p.rcproj-journal is beside it) and must be "
        "undone before the project can be read; open it once from a folder you can write to"
    )


def test_a_killed_writers_own_wal_is_replayed(proj):
    child(f"""
        import os
        from coder.project.store import Project
        project = Project.open({str(proj)!r}, user="Ann")
        with project.write():
            project.conn.execute("UPDATE project SET value = 'after' WHERE key = 'mark'")
        os.kill(os.getpid(), 9)
    """)
    assert Path(f"{proj}-wal").stat().st_size > 0
    assert meta(proj, "mark") == "after"
    with Project.open(proj) as project:
        assert project.meta("mark") == "after"
    assert sorted(p.name for p in proj.parent.iterdir()) == ["p.rcproj"]


def _wal_of(tmp_path: Path, sql: list[str], page_size: int = 4096, project: bool = True) -> Path:
    """A WAL with committed frames, taken from a database while it was open."""
    if project:
        src = tmp_path / "other.rcproj"
        Project.create(src).close()
    else:
        src = tmp_path / "plain.db"
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for statement in sql:
        conn.execute(statement)
    wal = tmp_path / "saved-wal"
    shutil.copy(f"{src}-wal", wal)
    conn.close()
    return wal


def test_another_projects_wal_beside_a_closed_project_is_refused(proj, tmp_path):
    wal = _wal_of(tmp_path, ["INSERT INTO project (key, value) VALUES ('foreign', 'yes')"])
    before = dump(proj)
    shutil.copy(wal, f"{proj}-wal")
    for read_only in (True, False):
        with pytest.raises(ForeignWalError) as refused:
            Project.open(proj, read_only=read_only)
        assert str(refused.value) == (
            "p.rcproj-wal is not this project's WAL (p.rcproj is not in WAL mode, yet the WAL "
            "holds 2 committed pages); it may have been put there by a sync tool or a copy. "
            "Move it out of the folder and open the project again"
        )
    Path(f"{proj}-wal").unlink()
    assert dump(proj) == before
    assert meta(proj, "foreign") is None


def _left_in_wal_mode(path: Path) -> None:
    """As a writer killed after its WAL was checkpointed: the header still says WAL."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"


def test_a_wal_with_other_pages_or_another_kind_of_file_is_refused(proj, tmp_path):
    _left_in_wal_mode(proj)
    wal = _wal_of(tmp_path, ["CREATE TABLE t (x)"], page_size=8192, project=False)
    shutil.copy(wal, f"{proj}-wal")
    with pytest.raises(
        ForeignWalError, match=r"\(its pages are 8192 bytes and the project's 4096\)"
    ):
        Project.open(proj)
    (tmp_path / "plain.db").unlink()
    wal = _wal_of(tmp_path, ["CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"], project=False)
    shutil.copy(wal, f"{proj}-wal")
    with pytest.raises(
        ForeignWalError, match=r"\(its first page is not a Review Coder project's\)"
    ):
        Project.open(proj, read_only=True)
    Path(f"{proj}-wal").unlink()
    assert meta(proj, "mark") == "before"


def test_a_stray_shm_is_rebuilt_by_sqlite(proj, tmp_path):
    Path(f"{proj}-shm").write_bytes(b"\xff" * 32768)
    before = dump(proj)
    with Project.open(proj) as project, project.write():
        project.conn.execute("UPDATE project SET value = 'after' WHERE key = 'mark'")
    assert meta(proj, "mark") == "after"
    assert len(dump(proj)) == len(before)
