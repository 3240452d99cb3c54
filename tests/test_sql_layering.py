"""SQL only in ``coder/project``: the rest of the program calls repositories.

Fails on ``execute(`` (and ``executemany(`` / ``executescript(``) or on SQL naming a
project table (``FROM codings``, ``JOIN memos``, ``INSERT INTO codes``, ``UPDATE
documents``) in any module outside ``coder/project``. ``REMAINING`` lists the modules that
still hold SQL, with how many such lines each has: it may only shrink. A module that
gains SQL, or a new module with SQL, fails; so does a module that lost some without its
figure here going down, so the list stays exact.
"""

from __future__ import annotations

import re
from pathlib import Path

from coder.project.store import Project

ROOT = Path(__file__).resolve().parent.parent / "coder"

#: module -> lines with SQL, still to move into ``coder/project`` repositories
REMAINING: dict[str, int] = {}


def _tables(tmp_path: Path) -> list[str]:
    with Project.create(tmp_path / "t.rcproj") as project:
        return [
            r[0]
            for r in project.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        ]


def _offences(tables: list[str]) -> dict[str, int]:
    names = "|".join(sorted(map(re.escape, tables), key=len, reverse=True))
    sql = re.compile(
        rf"\b(?:execute|executemany|executescript)\(|"
        rf"\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:{names})\b"
    )
    found: dict[str, int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).as_posix()
        if rel.startswith("coder/project/"):
            continue
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if sql.search(line))
        if n:
            found[rel] = n
    return found


def test_sql_only_in_coder_project(tmp_path):
    tables = _tables(tmp_path)
    assert {"codes", "codings", "memos", "documents"} <= set(tables)
    found = _offences(tables)
    grown = {m: n for m, n in found.items() if n > REMAINING.get(m, 0)}
    assert grown == {}, "SQL outside coder/project: put it in a repository module"
    shrunk = {
        m: (REMAINING[m], found.get(m, 0)) for m in REMAINING if found.get(m, 0) < REMAINING[m]
    }
    assert shrunk == {}, "SQL moved out: lower these figures in REMAINING (or drop the module)"


def test_the_check_finds_sql(tmp_path):
    tables = _tables(tmp_path)
    names = "|".join(map(re.escape, tables))
    pattern = re.compile(rf"\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:{names})\b")
    assert pattern.search('"SELECT id FROM codings WHERE code_id = ?"')
    assert pattern.search("INSERT INTO codes (id) VALUES (?)")
    assert not pattern.search("codes taken from codings of the file")
