"""Upgrading a project made from version 1 of the shipped codebooks to version 2: every
coding kept where it was, the codings of split codes flagged to recode, nothing guessed."""

from __future__ import annotations

import json

from coder.cli.main import main
from coder.codebook.files import read_codebook, shipped_dir
from coder.coding.codebooks import load_codebook
from coder.coding.ingest import import_pdf
from coder.coding.judgements import applies
from coder.coding.operations import code_text
from coder.project import coders, codes, codings, links, recode
from coder.project.store import Project
from tests.datafiles import DATA

V1 = DATA / "codebooks-v1"
COERCIVE = "7902e156-c6a8-5081-97d6-ade58feab4f0"
MISSING = "3cc55bf7-a178-5600-a51f-1074077bb9cd"
SELF_NEGLECT = "b5948612-c395-561a-96e4-890e9f276e64"
SUPERVISION = "e6dfdc90-cc5d-5714-91f9-c38854d54051"
DASH = "f18cc691-704b-57dd-8ba5-cef618262a82"


def _v1_project(path, sample) -> tuple[list[str], str]:
    """A project made from version 1 with codings on split, moved and unchanged codes."""
    with Project.create(path, name="made with v1") as project:
        with project.write():
            coder = coders.ensure_coder(project, "Ann").id
        for name in ("police-learning.yaml", "systems-factors.yaml"):
            load_codebook(project, read_codebook(V1 / name), coder)
        doc = import_pdf(project, sample[0], "Ann").document.id
        for i, code in enumerate([COERCIVE, COERCIVE, MISSING, SELF_NEGLECT, SUPERVISION, DASH]):
            code_text(project, doc, code, coder, 10 * i, 10 * i + 8, "hinders" if i else None)
        ids = [c.id for c in codings.list_codings(project)]
    return ids, doc


def test_upgrading_to_version_2_keeps_every_coding_and_flags_the_split_codes(
    tmp_path, sample, capsys
):
    path = tmp_path / "v1.rcproj"
    _v1_project(path, sample)
    with Project.open(path, read_only=True) as project:
        before = {c.id: (c.code_id, c.effect, c.char_start) for c in codings.list_codings(project)}
        codes_before = {c.id: c.name for c in codes.list_codes(project)}
    assert len(before) == 6
    for name in ("police-learning", "systems-factors"):
        assert main(["codebook", str(path), "--import", name]) == 0
    out = capsys.readouterr().out
    assert "22 codes added" in out  # police learning: 59 codes, 37 of them in version 1
    assert "4 codings of split codes flagged to recode" in out
    assert "3 codes added" in out  # systems factors: the key practice episodes
    with Project.open(path, read_only=True) as project:
        after = {c.id: (c.code_id, c.effect, c.char_start) for c in codings.list_codings(project)}
        assert after == before  # every coding, on its code, with its effect
        kept = {c.id: c.name for c in codes.list_codes(project)}
        assert {k: kept[k] for k in codes_before} == codes_before  # nothing renamed or removed
        tree = codes.code_tree(project)
        assert tree.path(SUPERVISION) == "Organisational enablers/Supervision"  # never moved
        flags = recode.open_flags(project)
        assert sorted((f.code_id, len(f.split_into)) for f in flags) == sorted(
            [(COERCIVE, 3), (COERCIVE, 3), (MISSING, 3), (SELF_NEGLECT, 1)]
        )
        coercive = next(f for f in flags if f.code_id == COERCIVE)
        assert [tree.name[c] for c in coercive.split_into] == [
            "Coercive and controlling behaviour",
            "Stalking and harassment",
            "Non-fatal strangulation",
        ]
        assert all(c in tree.parent for f in flags for c in f.split_into)
        # the settings of version 2 reach the codes of version 1 that had none
        tree, own = links.code_settings(project)
        assert applies(tree, own, DASH) == (True, False)
        assert applies(tree, own, SUPERVISION) == (False, True)
        assert applies(tree, own, SELF_NEGLECT) == (False, False)
    # importing again flags nothing twice
    assert main(["codebook", str(path), "--import", "police-learning"]) == 0
    out = capsys.readouterr().out
    assert "0 codes added" in out and "flagged" not in out
    with Project.open(path, read_only=True) as project:
        assert len(recode.open_flags(project)) == 4
        changes = project.conn.execute(
            "SELECT summary, detail FROM changes WHERE entity = 'code' AND entity_id = ? "
            "AND summary LIKE '%flagged to recode%'",
            [COERCIVE],
        ).fetchall()
        assert len(changes) == 1 and len(json.loads(changes[0][1])["split_into"]) == 3


def test_every_version_2_code_keeps_its_version_1_id():
    for name in ("police-learning.yaml", "systems-factors.yaml"):
        old = {c.id: c.name for _, c in read_codebook(V1 / name).walk()}
        new = {c.id: c.name for _, c in read_codebook(shipped_dir() / name).walk()}
        moved = {
            c.id: c.name for _, c in read_codebook(shipped_dir() / "systems-factors.yaml").walk()
        }
        gone = {i: n for i, n in old.items() if i not in new and i not in moved}
        if name == "police-learning.yaml":
            assert gone == {"73aa79aa-e92c-5b5b-933b-631a8c133c1f": "Organisational enablers"}
        else:
            assert gone == {}
        assert all(new.get(i, moved.get(i)) == n for i, n in old.items() if i not in gone)
