"""The released migrations: their names and order are what every existing project file
records in ``_sqlite_migrations``, so they never change (a new migration goes last)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coder.project import migrations, schema
from coder.project.store import Project

RELEASED = [
    "0001_initial",
    "0002_code_definitions",
    "0003_teamwork",
    "0004_case_data",
    "0005_structure",
    "0006_frameworks",
    "0007_sample",
    "0008_briefings",
    "0009_recommendations",
]


def test_the_released_migrations_keep_their_names_and_order():
    assert schema.known_names() == RELEASED
    assert len(RELEASED) == schema.LATEST_VERSION


def test_each_migration_module_is_named_for_its_migration_and_listed_once():
    folder = Path(migrations.__file__).parent
    modules = sorted(p.stem for p in folder.glob("m*.py"))
    assert modules == [f"m{name}" for name in RELEASED]
    assert [step.__name__.rpartition(".")[2] for step in schema.RELEASED] == modules


def test_a_new_project_records_every_migration_in_order(tmp_path):
    path = tmp_path / "new.rcproj"
    with Project.create(path):
        pass
    conn = sqlite3.connect(path)
    recorded = conn.execute(
        "SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid"
    ).fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert recorded == [(schema.MIGRATION_SET, name) for name in RELEASED]
    assert version == len(RELEASED)
