from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coder.coding.ingest import import_pdf
from coder.errors import (
    CoderError,
    NewerProjectError,
    NotAProjectError,
    NotFoundError,
    ProjectLockedError,
    ReadOnlyError,
)
from coder.project import changelog, coders, codes, documents
from coder.project.schema import APPLICATION_ID, LATEST_VERSION
from coder.project.store import Project


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_has_schema_foreign_keys_and_metadata(project: Project):
    assert project.schema_version == LATEST_VERSION == 9
    conn = project.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert project.meta("name") == "Test project"
    assert len(project.meta("id")) == 36
    with pytest.raises(CoderError, match="FOREIGN KEY"), project.write():
        conn.execute(
            "INSERT INTO documents (id, review_id, title, file_name, sha256, pages, "
            "text_version, imported_at, modified_at) VALUES ('d', 'no-such-review', 't', 'f', "
            "'s', 1, 1, 'now', 'now')"
        )


def test_close_checkpoints_the_wal_so_the_file_alone_carries_everything(tmp_path, sample):
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="a") as project:
        import_pdf(project, sample[0], "Ann")
        assert Path(str(path) + "-wal").exists()
    assert not Path(str(path) + "-wal").exists()
    assert not (tmp_path / "p.rcproj.lock").exists()
    copy = tmp_path / "elsewhere" / "copy.rcproj"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    with Project.open(copy, read_only=True) as project:
        assert [d.title for d in documents.list_documents(project)] == ["sample review"]
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_second_writer_is_refused_with_who_holds_it_and_read_only_still_works(tmp_path, sample):
    path = tmp_path / "p.rcproj"
    first = Project.create(path, user="Ann")
    try:
        import_pdf(first, sample[0], "Ann")
        with pytest.raises(ProjectLockedError) as err:
            Project.open(path, user="Bob")
        assert "open for writing by Ann" in str(err.value)
        assert "read-only" in str(err.value)
        with Project.open(path, read_only=True) as reader:
            assert len(documents.list_documents(reader)) == 1
            with pytest.raises(ReadOnlyError), reader.write():
                pass
    finally:
        first.close()
    Project.open(path, user="Bob").close()  # free again once the first writer closed


def test_lock_held_by_another_process_is_detected(tmp_path):
    path = tmp_path / "p.rcproj"
    Project.create(path, user="Ann").close()
    script = textwrap.dedent(f"""
        import sys, time
        from coder.project.store import Project
        p = Project.open({str(path)!r}, user="Carol")
        print("ready", flush=True)
        sys.stdin.readline()
        p.close()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(ProjectLockedError, match="by Carol"):
            Project.open(path, user="Dan")
    finally:
        child.communicate("\n", timeout=20)
    assert child.returncode == 0
    Project.open(path, user="Dan").close()


def test_a_crashed_writer_leaves_no_lock(tmp_path):
    path = tmp_path / "p.rcproj"
    Project.create(path).close()
    script = (
        f"import os; from coder.project.store import Project; Project.open({str(path)!r}); "
        "os._exit(3)"
    )
    assert subprocess.run([sys.executable, "-c", script]).returncode == 3
    Project.open(path).close()


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"", NotAProjectError, "not a Review Coder project"),
        (b"%PDF-1.7 this is a pdf", NotAProjectError, "not a Review Coder project"),
        (b"SQLite format 3\x00" + b"\x00" * 200, CoderError, "cannot open"),
    ],
)
def test_files_that_are_not_projects_are_refused(tmp_path, content, error, message):
    path = tmp_path / "x.rcproj"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        Project.open(path)
    assert path.read_bytes() == content


def test_an_sqlite_database_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.rcproj"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotAProjectError, match="SQLite database but not a Review Coder project"):
        Project.open(path)
    assert _digest(path) == before


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(NotFoundError, match="no such file"):
        Project.open(tmp_path / "none.rcproj")
    with pytest.raises(NotAProjectError, match="is a folder"):
        Project.open(tmp_path)


def test_project_from_a_newer_version_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "future.rcproj"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('review-coder', '9999_from_the_future', 'later')"
    )
    conn.commit()
    conn.close()
    before = _digest(path)
    for read_only in (False, True):
        newer = rf"newer Review Coder \(schema version {LATEST_VERSION + 1}"
        with pytest.raises(NewerProjectError, match=newer):
            Project.open(path, read_only=read_only)
    assert _digest(path) == before
    assert not (tmp_path / "future.rcproj.lock").exists()


def test_create_refuses_an_existing_path(tmp_path):
    path = tmp_path / "p.rcproj"
    path.write_text("keep me")
    with pytest.raises(CoderError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


def test_one_write_is_all_or_nothing(project: Project):
    with pytest.raises(RuntimeError), project.write():
        coders.ensure_coder(project, "Ann")
        raise RuntimeError("boom")
    assert coders.list_coders(project) == []
    assert changelog.history(project) == []


def test_change_log_is_append_only(project: Project):
    with project.write():
        coders.ensure_coder(project, "Ann")
    for sql in ("UPDATE changes SET summary = 'x'", "DELETE FROM changes"):
        with pytest.raises(CoderError, match="append-only"), project.write():
            project.conn.execute(sql)
    assert [c.summary for c in changelog.history(project)] == ["coder 'Ann' added"]


def test_interrupted_write_in_a_killed_process_leaves_nothing_behind(tmp_path, sample):
    path = tmp_path / "p.rcproj"
    with Project.create(path) as project:
        import_pdf(project, sample[0], "Ann")
    script = textwrap.dedent(f"""
        import os
        from coder.project.store import Project
        p = Project.open({str(path)!r})
        with p.write():
            p.conn.execute("INSERT INTO coders (id, name, created_at) VALUES ('c', 'Zed', 'now')")
            p.conn.execute("DELETE FROM codings")
            p.conn.execute("UPDATE documents SET title = 'half-written'")
            os._exit(9)
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [d.title for d in documents.list_documents(project)] == ["sample review"]
        assert [c.name for c in coders.list_coders(project)] == ["Ann"]


def test_data_version_sees_another_connections_commit(tmp_path):
    path = tmp_path / "p.rcproj"
    with Project.create(path) as project:
        before = project.data_version()
        other = sqlite3.connect(path)
        other.execute("INSERT INTO project (key, value) VALUES ('note', 'x')")
        other.commit()
        other.close()
        assert project.data_version() != before


def _version_1_project(path: Path) -> None:
    """A project file as Review Coder wrote it before migration 0002."""
    from coder.project import schema
    from coder.project.sqlite import Database

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrations.apply(Database(conn), stop_before="0002_code_definitions")
    conn.execute("PRAGMA user_version = 1")
    conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?)",
        [("id", "p1"), ("name", "old"), ("created_at", "2026-01-01T00:00:00Z")],
    )
    conn.execute(
        "INSERT INTO codes (id, name, colour, description, created_at, modified_at) "
        "VALUES ('c1', 'Risk', '#112233', 'Old definition', 'then', 'then')"
    )
    conn.close()


def test_an_older_project_is_upgraded_by_migrations_on_open(tmp_path):
    path = tmp_path / "old.rcproj"
    _version_1_project(path)
    with pytest.raises(ReadOnlyError, match=r"older schema \(version 1\); open it once"):
        Project.open(path, read_only=True)
    with Project.open(path) as project:
        assert project.schema_version == LATEST_VERSION
        assert project.conn.execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)
        code = codes.get_code(project, "c1")
        assert (code.name, code.description, code.when_to_use) == ("Risk", "Old definition", "")
    with Project.open(path, read_only=True) as project:
        assert project.schema_version == LATEST_VERSION
    kept = sqlite3.connect(tmp_path / "old.schema-1.rcproj")  # the file before the upgrade
    assert kept.execute("PRAGMA user_version").fetchone() == (1,)
    assert kept.execute("SELECT name, description FROM codes").fetchall() == [
        ("Risk", "Old definition")
    ]
    kept.close()


def test_an_upgrade_killed_half_way_leaves_the_old_version(tmp_path):
    """All migrations are one transaction: killed in the last one, the file is still at
    version 1 (it was left at a version in between, and the next open kept a second,
    in-between copy beside the first)."""
    path = tmp_path / "old.rcproj"
    _version_1_project(path)
    script = textwrap.dedent(f"""
        import os
        from coder.project import schema
        last = schema.migrations._migrations[-1]
        def killed(db):
            os.kill(os.getpid(), 9)
        last.fn = killed
        from coder.project.store import Project
        Project.open({str(path)!r})
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    conn.close()
    assert applied == 1
    with Project.open(path) as project:
        assert project.schema_version == LATEST_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.rcproj", "old.schema-1.rcproj"]
