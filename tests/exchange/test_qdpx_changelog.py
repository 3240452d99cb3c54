"""A REFI-QDA import writes through the repositories the app uses: what it makes is in the
change log a later merge reads, and its codes follow the one sibling-name rule of
``coder.project.codes`` (exact, as ``create_code`` checks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coder.coding import edits
from coder.demo.project import build_demo
from coder.errors import InvalidInputError
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.ids import CodeId
from coder.project import attributes, changelog, coders, codes, codings, links, memos, reviews
from coder.project.merge_inputs import read_input
from coder.project.store import Project
from coder.text.short import short
from tests.datafiles import DATA
from tests.exchange.test_qdpx_damage import HEAD
from tests.teamwork.test_merge import merge


def created(changes: list[tuple], entity: str) -> list[str]:
    """The ids the change log (as the merge reads it) says were created, in log order."""
    return [c[4] for c in changes if c[2] == "create" and c[3] == entity]


def test_imported_codes_are_in_the_change_log_a_merge_reads(tmp_path):
    out = tmp_path / "nvivo.rcproj"
    report = import_qdpx(DATA / "nvivo15mac" / "nvivo_project.qdpx", out, "I")
    inp = read_input(0, out)
    try:
        made = created(inp.changes, "code")
        assert len(made) == report.counts["codes"] == 262
        assert sorted(made) == sorted(inp.codes)
        for change in inp.changes:
            if change[2:4] == ("create", "code"):
                code = inp.codes[change[4]]
                assert json.loads(change[6]) == {
                    "parent_id": code["parent_id"],
                    "name": code["name"],
                }
        assert sorted(created(inp.changes, "coder")) == sorted(inp.coders)
    finally:
        inp.project.close()


def test_imported_attributes_reviews_and_values_are_logged(tmp_path):
    out = tmp_path / "qc.rcproj"
    import_qdpx(DATA / "qualcoder" / "qualcoder-project.qdpx", out, "I")
    log = log_of(out)
    with Project.open(out, read_only=True) as p:
        specs = attributes.list_attributes(p)
        values = attributes.attribute_values(p)
        kept = {r.id for r in reviews.list_reviews(p)}
        gone = changelog.deleted_ids(p, "review")
    assert created(log, "attribute") == [s.id for s in specs]
    made = created(log, "review")
    assert kept <= set(made)
    assert gone == set(made) - kept  # every review the import dropped again is logged gone
    logged_values = {
        (c[4], json.loads(c[6])["attribute_id"]) for c in log if c[2:4] == ("update", "review")
    }
    assert logged_values == {(r, a) for r, by in values.items() for a in by}


def log_of(path: Path) -> list[tuple]:
    with Project.open(path, read_only=True) as p:
        return p.conn.execute(
            "SELECT at, coder_id, action, entity, entity_id, summary, detail FROM changes "
            "ORDER BY seq"
        ).fetchall()


def test_imported_codings_and_memos_are_logged(tmp_path):
    out = tmp_path / "qc.rcproj"
    report = import_qdpx(DATA / "qualcoder" / "qualcoder-project.qdpx", out, "I")
    log = log_of(out)
    with Project.open(out, read_only=True) as p:
        stored = codings.list_codings(p)
        memo_ids = [m.id for m in memos.list_memos(p)]
    assert sorted(created(log, "coding")) == sorted(c.id for c in stored)
    assert len(stored) == report.counts["codings"] == 11
    by_id = {c.id: c for c in stored}
    for change in log:
        if change[2:4] == ("create", "coding"):
            c = by_id[change[4]]
            assert change[1] == c.coder_id
            assert change[5] == (
                f"coded p.{c.page_start}: {short(c.quote)}"
                if c.kind == "text"
                else f"coded an area on p.{c.page_start}"
            )
    assert sorted(created(log, "memo")) == sorted(memo_ids)
    assert len(memo_ids) == report.counts["memos"] == 9


def test_imported_links_are_logged(tmp_path):
    build_demo(tmp_path / "demo.rcproj")
    with Project.open(tmp_path / "demo.rcproj", read_only=True) as p:
        export_qdpx(p, tmp_path / "demo.qdpx")
    out = tmp_path / "again.rcproj"
    report = import_qdpx(tmp_path / "demo.qdpx", out, "I")
    log = log_of(out)
    with Project.open(out, read_only=True) as p:
        made = links.list_links(p)
    assert len(made) == report.counts["links"] == 15
    assert sorted(created(log, "coding_link")) == sorted(k.id for k in made)
    ends = {c[4]: json.loads(c[6]) for c in log if c[2:4] == ("create", "coding_link")}
    assert ends == {k.id: {"from": k.from_coding_id, "to": k.to_coding_id} for k in made}


def test_a_merge_carries_the_imported_codes_creation(tmp_path):
    ann = tmp_path / "ann.rcproj"
    import_qdpx(DATA / "qualcoder" / "qualcoder-project.qdpx", ann, "Ann")
    bob = tmp_path / "bob.rcproj"
    shutil.copy(ann, bob)
    with Project.open(bob, user="Bob") as p:
        first = codes.list_codes(p)[0]
        edits.update_code(p, first.id, None, name="Renamed by Bob")
        ids = {c.id for c in codes.list_codes(p)}
    merge([ann, bob], tmp_path / "merged.rcproj")
    with Project.open(tmp_path / "merged.rcproj", read_only=True) as p:
        made = {c.entity_id for c in changelog.history(p, "code") if c.action == "create"}
        assert made == ids == {c.id for c in codes.list_codes(p)}
        assert codes.get_code(p, first.id).name == "Renamed by Bob"


def codebook_file(tmp_path: Path, names: list[str]) -> Path:
    """A bare project document whose codebook has these top-level codes, in this order."""
    body = "".join(
        f'<Code guid="c0000000-0000-4000-8000-{i:012d}" name="{n}" isCodable="true"/>'
        for i, n in enumerate(names)
    )
    path = tmp_path / "codes.qde"
    path.write_text(f"{HEAD}<CodeBook><Codes>{body}</Codes></CodeBook></Project>", "utf-8")
    return path


def test_imported_sibling_names_follow_the_apps_rule(tmp_path):
    """Names are compared exactly, as ``create_code`` compares them: 'risk' beside 'Risk'
    is kept as it is (before, the import renamed it 'risk (2)'); a second 'Risk' is not."""
    src = codebook_file(tmp_path, ["Risk", "risk", "Risk", "RISK", "Risk"])
    out = tmp_path / "out.rcproj"
    report = import_qdpx(src, out, "I")
    with Project.open(out, user="I") as p:
        assert [c.name for c in codes.list_codes(p)] == [
            "Risk",
            "risk",
            "Risk (2)",
            "RISK",
            "Risk (3)",
        ]
        me = coders.ensure_coder(p, "I").id
        with p.write(), pytest.raises(InvalidInputError, match="'risk' already exists"):
            codes.create_code(p, "risk", None, me)
        edits.add_code(p, "rISK", None, me)  # the app allows what the import allowed
    assert [m for m in report.not_imported if m.startswith("code ")] == [
        "code 'Risk': another code has that name there; kept as 'Risk (2)'",
        "code 'Risk': another code has that name there; kept as 'Risk (3)'",
    ]
    assert report.counts["codes"] == 5


def test_free_sibling_name_follows_check_sibling_name(tmp_path):
    """``free_sibling_name`` gives the first name ``check_sibling_name`` allows."""
    with Project.create(tmp_path / "p.rcproj", user="I") as p, p.write():
        me = coders.ensure_coder(p, "I").id
        top = codes.create_code(p, "Risk", None, me).id
        codes.create_code(p, "Risk (2)", None, me)
        assert codes.free_sibling_name(p, "Risk", None) == "Risk (3)"
        assert codes.free_sibling_name(p, "risk", None) == "risk"
        assert codes.free_sibling_name(p, "Risk", CodeId(top)) == "Risk"
