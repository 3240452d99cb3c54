"""Exports over one project and two pooled, against hand-computed expectations."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

import coder
from coder.analysis.pool import open_pool
from coder.cli.main import main
from coder.codebook.attribute_set import AttributeSet, AttributeSpec
from coder.codebook.yaml_format import parse_yaml
from coder.coding import reviews
from coder.coding.codebooks import load_codebook
from coder.coding.ingest import import_pdf
from coder.coding.operations import add_memo, code_text
from coder.project import coders, codes, documents
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

BOOK = parse_yaml(
    """
title: Small
codes:
  - name: Risk
    definition: Risk in general.
    children:
      - name: DASH
        definition: The DASH tool.
  - name: Voice
  - name: '=HYPERLINK("x")'
""",
    "small.yaml",
)

ATTRS = AttributeSet(
    "t",
    [
        AttributeSpec(
            "7d1a0c84-6d0f-4e5f-9d8b-3b1c2a4e5f60", "review type", "choice", ["DHR", "SAR"]
        )
    ],
)


def _pdf(tmp_path, name, lines):
    b = PdfBuilder()
    b.page()
    for i, line in enumerate(lines):
        b.line(72, 100 + 14 * i, line)
    path = tmp_path / name
    path.write_bytes(b.tobytes())
    return path


def _code(project, doc_id, path, coder, phrase, nth=0, extend=0):
    text = documents.document_text(project, doc_id)
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    code_id = codes.find_by_path(project, path)
    with project.write():
        coder_id = coders.ensure_coder(project, coder).id
    changes = code_text(project, doc_id, code_id, coder_id, start, start + len(phrase) + extend)
    return changes.created("coding")[0]


@pytest.fixture
def small(tmp_path):
    """Project A: review R1 (Overview + Summary), review R2 (Siobhán's review)."""
    path = tmp_path / "a.rcproj"
    with Project.create(path) as p:
        load_codebook(p, BOOK, None)
        reviews.add_attributes(p, ATTRS, None)
        d1 = import_pdf(
            p,
            _pdf(
                tmp_path,
                "overview.pdf",
                [
                    "The risk assessment was late and the risk was",
                    "“high” said the officer; the risk assessment was redone.",
                ],
            ),
            "Ann",
        ).document
        d2 = import_pdf(p, _pdf(tmp_path, "summary.pdf", ["Summary: risk noted."]), "Ann").document
        d3 = import_pdf(
            p, _pdf(tmp_path, "Siobhán's review.pdf", ["- Bail conditions were imposed."]), "Ann"
        ).document
        reviews.group_documents(p, [d1.id, d2.id], None)
        dash1 = _code(p, d1.id, "Risk/DASH", "Ann", "risk assessment")
        _code(p, d1.id, "Risk/DASH", "Ann", "risk assessment", nth=1)
        voice = _code(p, d1.id, "Voice", "Ann", "assessment was late and the risk was\n“high”")
        _code(p, d2.id, "Risk", "Bob", "risk noted")
        _code(p, d3.id, '=HYPERLINK("x")', "Ann", "- Bail conditions")
        add_memo(p, "coding", dash1, 'first, with "quotes"\nand a line', None)
        r1 = reviews.review_of(p, d1.id).id
        r2 = reviews.review_of(p, d3.id).id
        reviews.set_attribute(p, r1, ATTRS.attributes[0].id, "DHR", None)
        reviews.set_attribute(p, r2, ATTRS.attributes[0].id, "not stated", None)
        info = {"path": path, "r1": r1, "r2": r2, "docs": (d1, d2, d3), "voice": voice}
    return info


def _csv(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as fh:
        return list(csv.DictReader(fh))


def test_matrix_counts_binary_and_rollup(small):
    pool, projects = open_pool([small["path"]])
    try:
        header, rows = pool.matrix()
        assert header == [
            "project",
            "review_id",
            "review_name",
            "attr:review type",
            "Risk",
            "Risk/DASH",
            "Voice",
            '=HYPERLINK("x")',
        ]
        assert rows == [
            ["a", small["r1"], "overview", "DHR", 1, 2, 1, 0],
            ["a", small["r2"], "Siobhán's review", "not stated", 0, 0, 0, 1],
        ]
        assert pool.matrix(rollup=True)[1][0][4:] == [3, 2, 1, 0]
        assert pool.matrix(binary=True, rollup=True)[1][0][4:] == [1, 1, 1, 0]
        by_doc = open_pool([small["path"]], unit="document")[0].matrix()
        assert [(r[2], r[4:]) for r in by_doc[1]] == [
            ("overview", [0, 2, 1, 0]),
            ("Siobhán's review", [0, 0, 0, 1]),
            ("summary", [1, 0, 0, 0]),
        ]
        assert by_doc[0][1] == "document_id"
        only_bob = open_pool([small["path"]], coders=["Bob"])[0].matrix()[1]
        assert [r[4:] for r in only_bob] == [[1, 0, 0, 0], [0, 0, 0, 0]]
    finally:
        for p in projects:
            p.close()


def test_crosstab_with_denominators_and_not_stated(small):
    pool, projects = open_pool([small["path"]])
    try:
        header, rows = pool.crosstab("Review Type")
        assert header == [
            "code_id",
            "code_path",
            "attribute",
            "value",
            "units_coded",
            "units",
            "share",
        ]
        table = {(r[1], r[3]): r[4:] for r in rows}
        assert table[("Risk", "DHR")] == [1, 1, 1.0]
        assert table[("Risk", "not stated")] == [0, 1, 0.0]
        assert table[('=HYPERLINK("x")', "not stated")] == [1, 1, 1.0]
        assert table[("Risk/DASH", "DHR")] == [1, 1, 1.0]
        assert [r[3] for r in rows[:2]] == ["DHR", "not stated"]  # "not stated" last
        with pytest.raises(Exception, match="no attribute 'colour'"):
            pool.crosstab("colour")
    finally:
        for p in projects:
            p.close()


def test_cooccurrence_units_and_overlapping_excerpts(small):
    pool, projects = open_pool([small["path"]])
    try:
        _, rows = pool.cooccurrence()
        table = {(r[1], r[3]): (r[4], r[5]) for r in rows}
        assert table[("Risk", "Risk")] == (1, 0)
        assert table[("Risk", "Risk/DASH")] == (1, 0)
        # Voice ("assessment was late … “high”") overlaps the first "risk assessment" only
        assert table[("Risk/DASH", "Voice")] == (1, 1)
        assert table[('=HYPERLINK("x")', '=HYPERLINK("x")')] == (1, 0)
        assert ("Voice", '=HYPERLINK("x")') not in table
        cb_header, cb = pool.codebook()
        assert cb_header == ["code_id", "code_path", "definition", "codings", "units"]
        assert [(r[1], r[2], r[3], r[4]) for r in cb] == [
            ("Risk", "Risk in general.", 1, 1),
            ("Risk/DASH", "The DASH tool.", 2, 1),
            ("Voice", "", 1, 1),
            ('=HYPERLINK("x")', "", 1, 1),
        ]
    finally:
        for p in projects:
            p.close()


def test_segments_csv_faithful_and_excel_safe(small, tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["export", str(small["path"]), "--segments", str(out)]) == 0
    rows = _csv(out)
    assert list(rows[0])[-9:] == [
        "modified_at",
        "project",
        *("section", "section_kind", "paragraph", "paragraph_end", "citation"),
        "judgement",
        "attr:review type",
    ]
    voice = next(r for r in rows if r["code_path"] == "Voice")
    assert voice["quote"] == "assessment was late and the risk was\n“high”"
    assert (voice["review_name"], voice["attr:review type"], voice["project"]) == (
        "overview",
        "DHR",
        "a",
    )
    dash = [r for r in rows if r["code_path"] == "Risk/DASH"]
    assert dash[0]["memo"] == 'first, with "quotes"\nand a line'
    hyper = next(r for r in rows if r["code_path"] == '=HYPERLINK("x")')
    assert (hyper["quote"], hyper["document_title"], hyper["attr:review type"]) == (
        "- Bail conditions",
        "Siobhán's review",
        "not stated",
    )
    safe = tmp_path / "safe.csv"
    main(["export", str(small["path"]), "--segments", str(safe), "--excel-safe"])
    assert safe.read_bytes()[:3] == b"\xef\xbb\xbf"
    hyper = next(r for r in _csv(safe, "utf-8-sig") if r["code_path"].startswith("'="))
    assert (hyper["code_path"], hyper["quote"]) == ('\'=HYPERLINK("x")', "'- Bail conditions")
    assert hyper["document_title"] == "Siobhán's review"


def test_xlsx_keeps_text_as_text(small, tmp_path):
    out = tmp_path / "s.xlsx"
    assert (
        main(
            [
                "export",
                str(small["path"]),
                "--segments",
                str(out),
                "--matrix",
                str(tmp_path / "m.xlsx"),
            ]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = [[c for c in row] for row in sheet.iter_rows(min_row=2)]
    path_col, quote_col = header.index("code_path"), header.index("quote")
    hyper = next(r for r in rows if r[path_col].value == '=HYPERLINK("x")')
    assert hyper[path_col].data_type == "s"
    assert (hyper[quote_col].value, hyper[quote_col].data_type) == ("- Bail conditions", "s")
    assert hyper[header.index("page_start")].value == 1
    matrix = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert [c.value for c in matrix[1]][-1] == '=HYPERLINK("x")'
    assert matrix["H2"].value == 0


def test_two_projects_from_one_codebook_pool_by_id_then_path(small, tmp_path, capsys):
    b_path = tmp_path / "b.rcproj"
    with Project.create(b_path) as b:
        load_codebook(
            b,
            parse_yaml(
                "title: Small\ncodes:\n  - name: Risk\n    children:\n      - name: DASH\n",
                "small.yaml",
            ),
            None,
        )
        with b.write():
            codes.ensure_path(b, "Voice", None)  # made by hand: another id, the same path
        doc = import_pdf(
            b, _pdf(tmp_path, "sar.pdf", ["The risk assessment was good."]), "Cy"
        ).document
        _code(b, doc.id, "Risk/DASH", "Cy", "risk assessment")
        _code(b, doc.id, "Voice", "Cy", "was good")
    out = tmp_path / "pooled.csv"
    matrix = tmp_path / "pooled-matrix.csv"
    assert (
        main(
            [
                "export",
                str(small["path"]),
                str(b_path),
                "--segments",
                str(out),
                "--matrix",
                str(matrix),
            ]
        )
        == 0
    )
    rows = _csv(out)
    assert sorted({r["project"] for r in rows}) == ["a", "b"]
    ids = {(r["project"], r["code_path"]): r["code_id"] for r in rows}
    assert ids[("a", "Risk/DASH")] == ids[("b", "Risk/DASH")]
    assert ids[("a", "Voice")] == ids[("b", "Voice")]  # matched by path
    m = _csv(matrix)
    assert [(r["project"], r["review_name"], r["Risk/DASH"], r["Voice"]) for r in m] == [
        ("a", "overview", "2", "1"),
        ("a", "Siobhán's review", "0", "0"),
        ("b", "sar", "1", "1"),
    ]
    assert m[2]["attr:review type"] == ""


def test_python_api_returns_dataframes(small):
    with coder.open_project(small["path"]) as p:
        m = p.matrix(binary=True)
        assert isinstance(m, pd.DataFrame)
        assert m["Risk/DASH"].tolist() == [1, 0]
        seg = p.segments()
        assert len(seg) == 5
        assert seg.groupby("code_path").size()["Risk/DASH"] == 2
        r = p.reviews()
        assert r.columns.tolist() == ["project", "review_id", "review_name", "attr:review type"]
        d = p.documents()
        assert sorted(d["title"]) == ["Siobhán's review", "overview", "summary"]
        assert d.groupby("review_id").size().max() == 2
        assert p.codes()["codings"].tolist() == [1, 2, 1, 1]
        share = (
            p.crosstab("review type")
            .query("code_path == 'Risk'")
            .set_index("value")["share"]
            .to_dict()
        )
        assert share == {"DHR": 1.0, "not stated": 0.0}


def test_theme_report_html_and_pdf(small, tmp_path):
    html_path = tmp_path / "risk.html"
    assert main(["report", str(small["path"]), "--code", "Risk", "--out", str(html_path)]) == 0
    page = html_path.read_text(encoding="utf-8")
    assert "<h1>Risk</h1>" in page
    assert "<b>Definition.</b> Risk in general." in page
    assert "<tr><td>DHR</td><td>1</td><td>1</td><td>100%</td></tr>" in page
    assert "<tr><td>not stated</td><td>0</td><td>1</td><td>0%</td></tr>" in page
    assert "Excerpts (3 from 1 reviews)" in page
    assert "“risk assessment”" in page and "overview, p. 1" in page
    pdf_path = tmp_path / "risk.pdf"
    assert main(["report", str(small["path"]), "--code", "Risk", "--out", str(pdf_path)]) == 0
    import pymupdf

    text = pymupdf.open(pdf_path)[0].get_text()
    assert "Risk in general." in text and "Reviews with this theme" in text
    assert main(["report", str(small["path"]), "--code", "Nope", "--out", str(pdf_path)]) == 2
