"""Frameworks: categories that codes map to, the matrix and crosstab rolled up by them."""

from __future__ import annotations

import csv

import pytest

from coder.analysis.framework_rollup import Rollup
from coder.analysis.pool import Pool
from coder.cli.main import main
from coder.codebook.attribute_set import AttributeSet, AttributeSpec
from coder.codebook.framework_file import load_framework, parse_framework
from coder.codebook.yaml_format import parse_yaml
from coder.coding.codebooks import load_codebook
from coder.coding.frameworks import import_framework
from coder.coding.ingest import import_pdf
from coder.coding.operations import code_text
from coder.coding.reviews import add_attributes, list_reviews, set_attribute
from coder.errors import InvalidInputError
from coder.project import coders, codes
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

BOOK = "title: T\ncodes:\n- name: A\n  children: [{name: A1}, {name: A2}]\n- name: B\n- name: C\n"


def _framework(code: dict[str, str]) -> str:
    # Cat1 maps A and A1 (a coding of A1 falls under both: it counts once) and A2;
    # Cat2 maps B and A1 (a code in two categories); Cat3 maps nothing.
    return f"""
format: review-coder-framework/1
name: Test framework
citation: made for this test
status: unverified
categories:
- name: Cat1
  codes: [{code["A"]}, {code["A/A1"]}, {code["A/A2"]}]
- name: Cat2
  codes: [{code["B"]}, {code["A/A1"]}]
- name: Cat3
"""


@pytest.fixture
def mapped(tmp_path):
    """Reviews X (A1 and A2 once each, DHR), Y (B twice, DHR) and Z (C only, SAR)."""
    path = tmp_path / "mapped.rcproj"
    with Project.create(path, name="mapped") as project:
        with project.write():
            ann = coders.ensure_coder(project, "Ann").id
        load_codebook(project, parse_yaml(BOOK, "t.yaml"), ann)
        tree = codes.code_tree(project)
        code = {tree.path(c): c for c in tree.parent}
        kind = AttributeSpec(
            "7b1e2f8a-0000-4000-8000-000000000001", "review type", "choice", ["DHR", "SAR"]
        )
        add_attributes(project, AttributeSet("t", [kind]), ann)
        docs = {}
        for name in "XYZ":
            b = PdfBuilder()
            b.page()
            b.line(72, 100, f"Review {name} says the risk was not assessed at the address.")
            pdf = tmp_path / f"{name}.pdf"
            pdf.write_bytes(b.tobytes())
            docs[name] = import_pdf(project, pdf, "Ann").document.id
        for doc, code_path, start in [
            ("X", "A/A1", 0),
            ("X", "A/A2", 10),
            ("Y", "B", 0),
            ("Y", "B", 10),
            ("Z", "C", 0),
        ]:
            code_text(project, docs[doc], code[code_path], ann, start, start + 5)
        for review in list_reviews(project):
            value = "SAR" if review.name.startswith("Z") else "DHR"
            set_attribute(project, review.id, kind.id, value, ann)
        framework = tmp_path / "framework.yaml"
        framework.write_text(_framework(code), encoding="utf-8")
    return path, framework


def test_framework_rolls_up_the_matrix_counting_a_review_once_per_category(mapped):
    path, framework = mapped
    with Project.open(path) as project:
        report = import_framework(project, load_framework(framework), None)
        assert report.summary() == (
            "framework 'Test framework' (unverified) added: 3 categories, 5 codes mapped"
        )
        pool = Pool([project])
        rollup = Rollup(pool, "test framework")
        header, rows = rollup.matrix()
        assert header[3:] == ["framework", "attr:review type", "Cat1", "Cat2", "Cat3"]
        assert [r[2:] for r in rows] == [
            ["X", "Test framework", "DHR", 2, 1, 0],  # A1 once in Cat1 though A and A1 map
            ["Y", "Test framework", "DHR", 0, 2, 0],
            ["Z", "Test framework", "SAR", 0, 0, 0],
        ]
        _, binary = rollup.matrix(binary=True)
        assert [r[-3:] for r in binary] == [[1, 1, 0], [0, 1, 0], [0, 0, 0]]
        header, rows = rollup.crosstab("Review type")
        assert header == [
            "framework",
            "category",
            "attribute",
            "value",
            "units_coded",
            "units",
            "share",
        ]
        assert [r[1:] for r in rows] == [
            ["Cat1", "review type", "DHR", 1, 2, 0.5],
            ["Cat1", "review type", "SAR", 0, 1, 0.0],
            ["Cat2", "review type", "DHR", 2, 2, 1.0],
            ["Cat2", "review type", "SAR", 0, 1, 0.0],
            ["Cat3", "review type", "DHR", 0, 2, 0.0],
            ["Cat3", "review type", "SAR", 0, 1, 0.0],
        ]


def test_framework_command_and_export_by_framework(mapped, tmp_path, capsys):
    path, framework = mapped
    assert main(["framework", str(path), "--import", str(framework)]) == 0
    assert "3 categories, 5 codes mapped" in capsys.readouterr().out
    matrix, crosstab = tmp_path / "m.csv", tmp_path / "c.csv"
    args = ["export", str(path), "--framework", "Test framework", "--binary"]
    assert (
        main([*args, "--matrix", str(matrix), "--crosstab", str(crosstab), "--by", "review type"])
        == 0
    )
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0]
        == "by framework 'Test framework' (unverified): 3 categories, 5 codes mapped"
    )
    with matrix.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[-3:] for r in rows] == [
        ["Cat1", "Cat2", "Cat3"],
        ["1", "1", "0"],
        ["0", "1", "0"],
        ["0", "0", "0"],
    ]
    # the framework written out is the one imported, codes by id
    out_file = tmp_path / "again.yaml"
    assert main(["framework", str(path), "--out", str(out_file)]) == 0
    again = load_framework(out_file)
    original = load_framework(framework)
    assert [(c.id, c.name, c.codes) for c in again.categories] == [
        (c.id, c.name, c.codes) for c in original.categories
    ]


def test_perennial_issues_ship_empty_and_cannot_be_used_until_entered(mapped, capsys):
    path, _ = mapped
    assert main(["framework", str(path), "--import", "perennial-issues"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "framework 'College of Policing perennial issues' (entered by user) added: "
        "0 categories, 0 codes mapped; no categories yet: enter them in the file and import "
        "it again"
    )
    code = main(
        [
            "export",
            str(path),
            "--framework",
            "College of Policing perennial issues",
            "--matrix",
            str(path.with_suffix(".csv")),
        ]
    )
    assert code == 2
    assert "has no categories yet" in capsys.readouterr().err
    assert not path.with_suffix(".csv").exists()
    with pytest.raises(InvalidInputError, match="status 'official'"):
        parse_framework("format: review-coder-framework/1\nname: X\nstatus: official\n")


def test_theme_report_by_category_says_which_mapping(mapped, tmp_path, capsys):
    path, framework = mapped
    assert main(["framework", str(path), "--import", str(framework)]) == 0
    out = tmp_path / "cat1.html"
    args = ["report", str(path), "--framework", "test framework", "--category", "cat1"]
    assert main([*args, "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"wrote 2 excerpts to {out}",
        f"disclosure check: report in {out}.disclosure.txt",
    ]
    page = out.read_text(encoding="utf-8")
    assert "<h1>Test framework: Cat1</h1>" in page
    assert "By framework &#x27;Test framework&#x27; (unverified): 3 categories" in page
    assert "Codes counted here: A; A/A1; A/A2." in page
    assert main([*args[:-1], "Cat9", "--out", str(out)]) == 2
    assert "no category 'Cat9'" in capsys.readouterr().err
