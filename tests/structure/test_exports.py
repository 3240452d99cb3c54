"""Citations, exports, filters and check --fix on a review with a known structure."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest

from coder.analysis.segments import JUDGEMENT_COLUMNS, SEGMENT_COLUMNS, STRUCTURE_COLUMNS
from coder.cli.main import main
from coder.pdf.extract import extract_pdf
from tests.structure.corpus import numbered_report
from tests.structure.truth import true_structure

PHRASE = "DASH risk assessment"


@pytest.fixture(scope="module")
def report():
    corpus = numbered_report()
    doc = extract_pdf(corpus.data, "x.pdf")
    return corpus, doc, true_structure(corpus, doc)


@pytest.fixture
def proj(tmp_path, report, capsys):
    path = tmp_path / "study.rcproj"
    pdf = tmp_path / "DHR Adult A.pdf"
    pdf.write_bytes(report[0].data)
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(pdf), "--coder", "Ann"]) == 0
    capsys.readouterr()
    return path


def _expected(report, start: int, end: int) -> tuple[str, str, str, str]:
    """Section, kind and paragraphs of a range, from the truth (not the detector)."""
    _, _, truth = report
    heading = [h for h in truth.headings if h.start <= start][-1]
    paras = [p for p in truth.paragraphs if p.start <= start < p.end]
    last = [p for p in truth.paragraphs if p.start <= end - 1 < p.end]
    label = f"{heading.number} {heading.title}" if heading.number else heading.title
    return label, heading.kind, paras[0].number if paras else "", last[0].number if last else ""


def _matches(report):
    text = report[1].text
    return [(m.start(), m.end()) for m in re.finditer(PHRASE.replace(" ", r"\s+"), text)]


def test_segments_carry_section_paragraph_and_citation(proj, report, tmp_path, capsys):
    hits = _matches(report)
    assert len(hits) >= 3
    assert (
        main(
            [
                "autocode",
                str(proj),
                "--code",
                "Risk",
                "--phrase",
                PHRASE,
                "--coder",
                "Ann",
                "--create",
            ]
        )
        == 0
    )
    out = tmp_path / "segments.csv"
    assert main(["export", str(proj), "--segments", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [*SEGMENT_COLUMNS, "project", *STRUCTURE_COLUMNS, *JUDGEMENT_COLUMNS]
    assert len(rows) == len(hits)
    for row in rows:
        start, end = int(row["char_start"]), int(row["char_end"])
        section, kind, first, last = _expected(report, start, end)
        assert (row["section"], row["section_kind"], row["paragraph"], row["paragraph_end"]) == (
            section,
            kind,
            first,
            last,
        )
        pages = (
            f"p. {row['page_start']}"
            if row["page_start"] == row["page_end"]
            else f"pp. {row['page_start']}\u2013{row['page_end']}"
        )
        para = (
            (f"para {first}, " if first == last else f"paras {first}\u2013{last}, ")
            if first
            else ""
        )
        assert row["citation"] == f"(DHR Adult A, {para}{pages})"


def test_section_kind_filters_autocode_and_exports(proj, report, tmp_path, capsys):
    hits = _matches(report)
    kinds = [_expected(report, s, e)[1] for s, e in hits]
    wanted = {"analysis", "findings"}
    n = sum(k in wanted for k in kinds)
    assert 0 < n < len(hits)
    code = main(
        ["autocode", str(proj), "--code", "Risk", "--phrase", PHRASE, "--coder", "Ann",
         "--section-kind", "analysis", "--section-kind", "findings", "--create"]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.startswith(f"{n} codings added ({n} matches")
    main(["autocode", str(proj), "--code", "All", "--phrase", PHRASE, "--coder", "Ann", "--create"])
    out = tmp_path / "seg.csv"
    matrix = tmp_path / "matrix.csv"
    argv = ["export", str(proj), "--segments", str(out), "--matrix", str(matrix)]
    assert main([*argv, "--section-kind", "analysis"]) == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    in_analysis = sum(k == "analysis" for k in kinds)
    assert len(rows) == 2 * in_analysis  # the filtered code and "All"
    assert {r["section_kind"] for r in rows} == {"analysis"}
    with matrix.open(newline="", encoding="utf-8") as fh:
        m = list(csv.DictReader(fh))
    assert (m[0]["Risk"], m[0]["All"]) == (str(in_analysis), str(in_analysis))
    capsys.readouterr()
    assert main([*argv, "--section-kind", "bogus"]) == 2
    assert "unknown section kind 'bogus'" in capsys.readouterr().err


def test_theme_report_cites_paragraphs(proj, report, tmp_path, capsys):
    main(
        ["autocode", str(proj), "--code", "Risk", "--phrase", PHRASE, "--coder", "Ann", "--create"]
    )
    out = tmp_path / "report.html"
    assert main(["report", str(proj), "--code", "Risk", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    s, e = _matches(report)[0]
    _, _, first, _ = _expected(report, s, e)
    assert f"DHR Adult A, para {first}, p. " in html


def test_check_fix_detects_the_structure_an_old_project_lacks(proj, capsys):
    conn = sqlite3.connect(proj)
    conn.execute("UPDATE pages SET line_styles = NULL")
    headings = conn.execute("SELECT * FROM headings ORDER BY char_start").fetchall()
    for table in ("structures", "headings", "paragraphs"):
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    conn.close()
    assert main(["check", str(proj)]) == 1
    out = capsys.readouterr().out
    assert "document 'DHR Adult A': structure not detected by this version" in out
    assert main(["check", str(proj), "--fix"]) == 0
    backup = next(proj.parent.glob(f"{proj.stem}.before-fix-*.rcproj"))
    assert capsys.readouterr().out == (
        f"backup: {backup}\nfixed: structure detected in 1 document(s)\nsound\n"
    )
    conn = sqlite3.connect(proj)
    assert conn.execute("SELECT * FROM headings ORDER BY char_start").fetchall() == headings


def test_readme_documents_the_segment_columns_in_order():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("<!-- segment-columns -->") :]
    documented = re.findall(r"^\| `([a-z0-9_:<>]+)` \|", table, flags=re.MULTILINE)
    extra = len(STRUCTURE_COLUMNS) + len(JUDGEMENT_COLUMNS)
    assert documented[: len(SEGMENT_COLUMNS) + 1 + extra + 1] == [
        *SEGMENT_COLUMNS,
        "project",
        *STRUCTURE_COLUMNS,
        *JUDGEMENT_COLUMNS,
        "attr:<name>",
    ]


def test_search_finds_hits_in_sections_of_a_kind(proj, report):
    from coder.analysis.search import search
    from coder.project.store import Project
    from coder.text.matcher import phrase_query

    hits = _matches(report)
    expected = [(s, e) for s, e in hits if _expected(report, s, e)[1] == "analysis"]
    with Project.open(proj, read_only=True) as project:
        every = search(project, phrase_query(PHRASE))
        found = search(project, phrase_query(PHRASE), section_kinds={"analysis"})
    assert [(h.start, h.end) for h in every] == hits
    assert [(h.start, h.end) for h in found] == expected
    assert [h.paragraph for h in found] == [_expected(report, s, e)[2] for s, e in expected]
    assert {h.section_kind for h in found} == {"analysis"}
