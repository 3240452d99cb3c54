"""Practice judgement apart from systems influence: judgements, explains links, their undo,
and the factor × judgement table counting reviews."""

from __future__ import annotations

import csv

import pytest

from coder.analysis.explains import factor_judgement
from coder.analysis.pool import Pool
from coder.cli.main import main
from coder.codebook.yaml_format import parse_yaml
from coder.coding import edits
from coder.coding.codebooks import load_codebook, project_codebook
from coder.coding.ingest import import_pdf
from coder.coding.judgements import applies, link_explains, set_judgement, unlink
from coder.coding.operations import code_text
from coder.errors import InvalidInputError
from coder.project import coders, codes, codings, links
from coder.project.edit import apply
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

BOOK = """
title: Judgement test
codes:
- name: Practice
  judgement: true
  effect: false
  children: [{name: Risk}, {name: Voice}]
- name: Factors
  judgement: false
  effect: true
  children: [{name: Supervision}, {name: Workload}]
- name: Context
  judgement: false
  effect: false
- name: Unset
"""


def _pdf(tmp_path, name: str) -> object:
    b = PdfBuilder()
    b.page()
    b.line(72, 100, f"Review {name}: the officers attended the address and left.")
    b.line(72, 120, "No risk assessment was made; supervision was absent that week.")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(b.tobytes())
    return path


@pytest.fixture
def judged(tmp_path):
    """Three reviews: A with two practice codings explained by three factors, B with one
    explained twice by the same factor code, C with a missed opportunity nobody explained."""
    path = tmp_path / "judged.rcproj"
    with Project.create(path, name="judged") as project:
        with project.write():
            ann = coders.ensure_coder(project, "Ann").id
        load_codebook(project, parse_yaml(BOOK, "book.yaml"), ann)
        tree = codes.code_tree(project)
        code = {tree.path(c): c for c in tree.parent}
        docs = {n: import_pdf(project, _pdf(tmp_path, n), "Ann").document.id for n in "ABC"}
        made: dict[str, str] = {}

        def coding(name, doc, path, start, effect=None):
            code_text(project, docs[doc], code[path], ann, start, start + 6, effect)
            made[name] = next(
                c.id
                for c in codings.list_codings(project, docs[doc], code[path])
                if c.char_start == start
            )

        coding("p1", "A", "Practice/Risk", 0, None)
        coding("p2", "A", "Practice/Voice", 10, None)
        coding("f1", "A", "Factors/Supervision", 20, "hinders")
        coding("f2", "A", "Factors/Workload", 30, "hinders")
        coding("f3", "A", "Factors/Supervision", 40, "supports")
        coding("p3", "B", "Practice/Risk", 0)
        coding("f4", "B", "Factors/Supervision", 20, "hinders")
        coding("f5", "B", "Factors/Supervision", 40, "hinders")
        coding("p4", "C", "Practice/Risk", 0)
        set_judgement(project, [made["p1"], made["p3"], made["p4"]], "missed opportunity", ann)
        set_judgement(project, [made["p2"]], "good_practice", ann)
        link_explains(project, [made["f1"], made["f2"]], made["p1"], ann)
        link_explains(project, [made["f3"]], made["p2"], ann)
        link_explains(project, [made["f4"], made["f5"]], made["p3"], ann)
    return path, made, code


def test_which_codes_take_a_judgement_and_which_an_effect(judged):
    path, _, code = judged
    with Project.open(path, read_only=True) as project:
        tree, own = links.code_settings(project)
        assert applies(tree, own, code["Practice/Risk"]) == (True, False)
        assert applies(tree, own, code["Factors/Workload"]) == (False, True)
        assert applies(tree, own, code["Context"]) == (False, False)
        assert applies(tree, own, code["Unset"]) == (True, True)  # as before settings existed
        book = project_codebook(project)
        assert [(c.name, c.judgement, c.effect) for c in book.codes] == [
            ("Practice", True, False),
            ("Factors", False, True),
            ("Context", False, False),
            ("Unset", None, None),
        ]


def test_factor_by_judgement_counts_reviews(judged):
    path, _, code = judged
    with Project.open(path, read_only=True) as project:
        pool = Pool([project])
        header, rows = factor_judgement(pool)
        assert header == [
            "factor_code_id",
            "factor_code_path",
            "judgement",
            "links",
            "units",
            "units_with_judgement",
            "share",
        ]
        sup, work = code["Factors/Supervision"], code["Factors/Workload"]
        assert rows == [
            # f1 (A), f4 and f5 (both B): three links in two of the three reviews with a
            # missed opportunity (C's has no factor)
            [sup, "Factors/Supervision", "missed_opportunity", 3, 2, 3, 0.666667],
            [sup, "Factors/Supervision", "good_practice", 1, 1, 1, 1.0],
            [work, "Factors/Workload", "missed_opportunity", 1, 1, 3, 0.333333],
        ]
        _, rolled = factor_judgement(pool, rollup=True)
        assert rolled[:2] == [
            [code["Factors"], "Factors", "missed_opportunity", 4, 2, 3, 0.666667],
            [code["Factors"], "Factors", "good_practice", 1, 1, 1, 1.0],
        ]
        # only Ann's hindering factors: the supporting f3 and its link drop out
        hindering = Pool([project], effects={"hinders", None})
        _, rows = factor_judgement(hindering)
        assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
            ("Factors/Supervision", "missed_opportunity", 3, 2),
            ("Factors/Workload", "missed_opportunity", 1, 1),
        ]


def test_judgement_and_links_undo_and_redo(judged):
    path, made, _ = judged
    with Project.open(path) as project:
        snap = set_judgement(project, [made["p1"]], None, None)
        assert codings.get_coding(project, made["p1"]).judgement is None
        apply(project, snap.inverse(), None, "undo")
        assert codings.get_coding(project, made["p1"]).judgement == "missed_opportunity"
        # deleting a practice coding takes its links; undoing brings both back, same ids
        before = {k.id for k in links.list_links(project)}
        snap = edits.delete_codings(project, [made["p1"]], None)
        assert len(links.list_links(project)) == len(before) - 2
        apply(project, snap.inverse(), None, "undo")
        assert {k.id for k in links.list_links(project)} == before
        # a link made, undone (unlinked) and redone keeps its id
        made_link = link_explains(project, [made["f2"]], made["p2"], None)
        (new,) = made_link.created("coding_link")
        gone = unlink(project, [new], None)
        assert links.find_link(project, made["f2"], made["p2"]) is None
        apply(project, gone.inverse(), None, "undo")
        assert links.find_link(project, made["f2"], made["p2"]) == new
        apply(project, made_link.inverse(), None, "undo")
        assert links.find_link(project, made["f2"], made["p2"]) is None
        apply(project, made_link, None, "redo")
        assert links.find_link(project, made["f2"], made["p2"]) == new
        with pytest.raises(InvalidInputError, match="cannot explain itself"):
            link_explains(project, [made["p2"]], made["p2"], None)
        with pytest.raises(InvalidInputError, match="judgement must be 'good practice'"):
            set_judgement(project, [made["p2"]], "excellent", None)
        assert not link_explains(project, [made["f1"]], made["p1"], None)  # already there


def test_export_writes_judgement_explains_and_factors(judged, tmp_path, capsys):
    path, made, code = judged
    out = {n: tmp_path / f"{n}.csv" for n in ("segments", "explains", "factors")}
    args = ["export", str(path), "--segments", str(out["segments"])]
    args += ["--explains", str(out["explains"]), "--factors", str(out["factors"])]
    assert main(args) == 0
    assert "wrote 5 links" in capsys.readouterr().out
    with out["segments"].open(encoding="utf-8", newline="") as f:
        seg = {r["coding_id"]: r for r in csv.DictReader(f)}
    assert seg[made["p1"]]["judgement"] == "missed_opportunity"
    assert seg[made["p2"]]["judgement"] == "good_practice"
    assert (seg[made["f1"]]["judgement"], seg[made["f1"]]["effect"]) == ("", "hinders")
    with out["explains"].open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["factor_coding_id"], r["practice_coding_id"]) for r in rows] == [
        (made["f1"], made["p1"]),
        (made["f2"], made["p1"]),
        (made["f3"], made["p2"]),
        (made["f4"], made["p3"]),
        (made["f5"], made["p3"]),
    ]
    assert rows[0]["factor_code_path"] == "Factors/Supervision"
    assert (rows[0]["effect"], rows[0]["judgement"]) == ("hinders", "missed_opportunity")
    with out["factors"].open(encoding="utf-8", newline="") as f:
        factors = list(csv.reader(f))
    assert factors[1] == [
        code["Factors/Supervision"],
        "Factors/Supervision",
        "missed_opportunity",
        "3",
        "2",
        "3",
        "0.666667",
    ]
