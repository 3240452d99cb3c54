from __future__ import annotations

import pytest

from coder.analysis.excerpts import excerpts
from coder.coding import edits
from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.coding.operations import add_memo
from coder.errors import InvalidInputError
from coder.project import changelog, coders, codes, codings
from coder.project.edit import apply
from coder.text.matcher import phrase_query


def _state(project):
    return {
        t: project.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
        for t in ("codes", "codings", "memos")
    }


@pytest.fixture
def coded(project, sample):
    import_pdf(project, sample[0], "Ann")
    autocode(project, "Risk/Assessment", phrase_query("risk assessment"), "Ann")
    autocode(project, "Risk/Assessment 2", phrase_query("risk assessment"), "Ann")
    autocode(project, "Agencies/MARAC", phrase_query("MARAC"), "Ann", effect="supports")
    with project.write():
        ann = coders.ensure_coder(project, "Ann")
    tree = codes.code_tree(project)
    return ann.id, {tree.path(c): c for c in tree.parent}


def test_delete_and_restore_codings_keeps_ids_and_memos(project, coded):
    ann, ids = coded
    target = codings.list_codings(project, code_id=ids["Risk/Assessment"])[0]
    add_memo(project, "coding", target.id, "why this matters", ann)
    before = _state(project)
    snap = edits.delete_codings(project, [target.id], ann)
    assert codings.get_coding(project, target.id) is None
    assert project.conn.execute(
        "SELECT count(*) FROM memos WHERE target_id = ?", [target.id]
    ).fetchone() == (0,)
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before
    assert [c.action for c in changelog.history(project, "coding")][:2] == ["create", "delete"]


def test_set_effect_and_undo(project, coded):
    ann, ids = coded
    (marac,) = codings.list_codings(project, code_id=ids["Agencies/MARAC"])
    before = _state(project)
    snap = edits.set_effect(project, [marac.id], "hinders", ann)
    assert codings.get_coding(project, marac.id).effect == "hinders"
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before


def test_rename_recolour_describe_with_checks(project, coded):
    ann, ids = coded
    before = _state(project)
    snap = edits.update_code(
        project,
        ids["Risk/Assessment"],
        ann,
        name="DASH",
        colour="#aabbcc",
        description="Risk assessment tools",
    )
    code = codes.get_code(project, ids["Risk/Assessment"])
    assert (code.name, code.colour, code.description) == (
        "DASH",
        "#aabbcc",
        "Risk assessment tools",
    )
    with pytest.raises(InvalidInputError, match="already exists"):
        edits.update_code(
            project,
            ids["Risk/DASH"] if "Risk/DASH" in ids else ids["Risk/Assessment 2"],
            ann,
            name="DASH",
        )
    with pytest.raises(InvalidInputError, match="not a colour"):
        edits.update_code(project, ids["Risk"], ann, colour="red")
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before


def test_move_reorders_and_refuses_cycles(project, coded):
    ann, ids = coded
    before = _state(project)
    snap = edits.move_code(project, ids["Agencies/MARAC"], ids["Risk"], 0, ann)
    tree = codes.code_tree(project)
    assert [
        tree.name[c]
        for c in sorted(
            tree.children[ids["Risk"]], key=lambda c: codes.get_code(project, c).position
        )
    ] == ["MARAC", "Assessment", "Assessment 2"]
    with pytest.raises(InvalidInputError, match="inside itself"):
        edits.move_code(project, ids["Risk"], ids["Risk/Assessment"], 0, ann)
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before


def test_merge_moves_codings_drops_twins_and_undoes_exactly(project, coded):
    ann, ids = coded
    dup = codings.list_codings(project, code_id=ids["Risk/Assessment 2"])[0]
    add_memo(project, "coding", dup.id, "memo on the duplicate", ann)
    before = _state(project)
    snap = edits.merge_code(project, ids["Risk/Assessment 2"], ids["Risk/Assessment"], ann)
    assert codes.get_code(project, ids["Risk/Assessment 2"]) is None
    assert len(codings.list_codings(project, code_id=ids["Risk/Assessment"])) == 3
    found = excerpts(project, ids["Risk/Assessment"])
    assert [e.memo for e in found].count("memo on the duplicate") == 1
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before


def test_delete_code_with_or_without_its_codings(project, coded):
    ann, ids = coded
    before = _state(project)
    snap = edits.delete_code(project, ids["Risk"], keep_codings=False, coder_id=ann)
    assert codings.list_codings(project, code_id=ids["Risk/Assessment"]) == []
    assert set(changelog.deleted_ids(project, "code")) == {
        ids["Risk"],
        ids["Risk/Assessment"],
        ids["Risk/Assessment 2"],
    }
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before
    with pytest.raises(InvalidInputError, match="no parent"):
        edits.delete_code(project, ids["Risk"], keep_codings=True, coder_id=ann)
    snap = edits.delete_code(project, ids["Risk/Assessment 2"], keep_codings=True, coder_id=ann)
    assert len(codings.list_codings(project, code_id=ids["Risk"])) == 3
    apply(project, snap.inverse(), ann, "undo")
    assert _state(project) == before


def test_excerpts_with_subcodes_and_filters(project, coded):
    _, ids = coded
    everything = excerpts(project, ids["Risk"])
    assert len(everything) == 6
    assert excerpts(project, ids["Risk"], include_subcodes=False) == []
    marac = excerpts(project, ids["Agencies"], effects={"supports"})
    assert [(e.quote, e.page_start, e.coder) for e in marac] == [("MARAC", 2, "Ann")]
    assert excerpts(project, ids["Agencies"], coders={"Bob"}) == []
