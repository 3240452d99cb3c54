from __future__ import annotations

import json

import pytest

from coder.cli.main import main
from coder.coding.reviews import attribute_values, list_attributes
from coder.project import candidates, documents, provenance
from coder.project.store import Project
from tests.samplekit import paragraph, pdf_of, write_candidates


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "study.rcproj"
    assert run(capsys, "new", path, "--attributes", "review-attributes")[0] == 0
    return path


def _row(title, **kw):
    return {
        "title": title,
        "url": kw.get("url", ""),
        "repository": kw.get("repository", "Home Office DHR library"),
        "retrieved_on": kw.get("retrieved_on", "2026-11-02"),
        "publication_status": kw.get("publication_status", "full report"),
        "published_on": kw.get("published_on", ""),
        "file": kw.get("file", ""),
        "review type": kw.get("review_type", "DHR"),
        "publication year": kw.get("year", "2021"),
    }


def test_import_is_all_or_nothing_with_errors_by_row(proj, tmp_path, capsys):
    bad = write_candidates(
        tmp_path / "c.csv",
        [
            _row("DHR Adult A", url="https://example.org/dhr-adult-a.pdf"),
            _row("DHR Adult B", repository="the moon"),
            _row("DHR Adult C", retrieved_on="2 November"),
            _row("CSPR Child D", review_type="CSPR", year="twenty"),
        ],
    )
    code, out, _ = run(capsys, "sample", proj, "--import", bad, "--coder", "Ann")
    assert code == 1
    assert out.splitlines() == [
        "error: row 3: 'the moon' is not a repository; use one of: Home Office DHR library, "
        "national case review repository, council or partnership website, Wales safeguarding "
        "repository, direct from the commissioning body, other",
        "error: row 4: date retrieved '2 November' is not a date; write it as YYYY-MM-DD",
        "error: row 5: 'publication year' needs a whole number, not 'twenty'",
        "nothing added: 3 problem(s); fix them, or use --partial",
    ]
    with Project.open(proj, read_only=True) as project:
        assert candidates.list_sample(project) == []
    code, out, _ = run(capsys, "sample", proj, "--import", bad, "--partial", "--coder", "Ann")
    assert code == 1
    assert out.splitlines()[-1] == "1 candidate reviews added; 3 rows skipped"
    with Project.open(proj, read_only=True) as project:
        (review,) = candidates.list_sample(project)
        assert review.name == "DHR Adult A"
        assert review.documents == 0
        assert review.provenance == provenance.Provenance(
            "https://example.org/dhr-adult-a.pdf",
            "home_office_dhr_library",
            "2026-11-02",
            "full_report",
            None,
        )
        specs = {s.name: s.id for s in list_attributes(project)}
        values = attribute_values(project)[review.id]
        assert values == {specs["review type"]: "DHR", specs["publication year"]: 2021}
    # the same list again adds nothing twice
    code, out, _ = run(capsys, "sample", proj, "--import", bad, "--partial", "--coder", "Ann")
    assert "row 2: 'DHR Adult A' is in the project already; skipped" in out


def test_unknown_column_is_refused(proj, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("title,colour\nDHR A,blue\n", encoding="utf-8")
    code, out, _ = run(capsys, "sample", proj, "--import", path, "--coder", "Ann")
    assert code == 1
    assert out.splitlines()[0].startswith(
        "error: column 'colour' is neither a candidate column nor an attribute"
    )
    path.write_text("name\nDHR A\n", encoding="utf-8")
    code, _, err = run(capsys, "sample", proj, "--import", path, "--coder", "Ann")
    assert code == 2
    assert err == "review-coder: error: c.csv: needs a 'title' column (see the README)\n"


def test_pdfs_attach_by_file_name_url_and_title(proj, tmp_path, capsys):
    csv_path = write_candidates(
        tmp_path / "c.csv",
        [
            _row("DHR Adult A", file="adult-a-final.pdf"),
            _row("DHR Adult B", url="https://council.example/docs/DHR%20B%20overview.pdf"),
            _row("CSPR Child C", review_type="CSPR"),
            _row("SAR Adult D", review_type="SAR"),
        ],
    )
    assert run(capsys, "sample", proj, "--import", csv_path, "--coder", "Ann")[0] == 0
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "adult-a-final.pdf").write_bytes(pdf_of([paragraph(1)]))
    (pdfs / "DHR B overview.pdf").write_bytes(pdf_of([paragraph(2)]))
    (pdfs / "report.pdf").write_bytes(pdf_of([paragraph(3)], title="CSPR: Child C"))
    (pdfs / "unknown.pdf").write_bytes(pdf_of([paragraph(4)]))
    code, out, _ = run(capsys, "sample", proj, "--attach", pdfs, "--coder", "Ann")
    assert code == 1
    assert out.splitlines() == [
        "attached DHR B overview.pdf to 'DHR Adult B'",
        "attached adult-a-final.pdf to 'DHR Adult A'",
        "attached report.pdf to 'CSPR Child C'",
        "failed: unknown.pdf: matches no review by file name, URL or title; add a 'file' "
        "column naming it to the candidates list, or rename the file",
    ]
    with Project.open(proj, read_only=True) as project:
        counts = {r.name: r.documents for r in candidates.list_sample(project)}
        assert counts == {"DHR Adult A": 1, "DHR Adult B": 1, "CSPR Child C": 1, "SAR Adult D": 0}
        assert len(documents.list_documents(project)) == 3


def test_screen_include_exclude_resolve_and_list(proj, tmp_path, capsys):
    csv_path = write_candidates(tmp_path / "c.csv", [_row("DHR A"), _row("DHR B")])
    run(capsys, "sample", proj, "--import", csv_path, "--coder", "Ann")
    _, out, _ = run(capsys, "sample", proj, "--list", "--json")
    a, b = (r["review_id"] for r in json.loads(out))
    assert run(capsys, "screen", proj, "--review", a, "--include", "--coder", "Ann")[0] == 0
    code, _, err = run(capsys, "screen", proj, "--review", a, "--exclude", "dull", "--coder", "Bo")
    assert code == 2
    assert err == (
        "review-coder: error: 'dull' is not one of this project's reasons; use one of: "
        "not police-involved, out of period, out of scope, duplicate, no report available\n"
    )
    run(capsys, "screen", proj, "--review", a, "--exclude", "Out of  scope", "--coder", "Bo")
    run(capsys, "screen", proj, "--review", b, "--include", "--coder", "Ann")
    run(capsys, "screen", proj, "--review", b, "--include", "--coder", "Bo")
    _, out, _ = run(capsys, "sample", proj, "--list", "--json")
    rows = json.loads(out)
    assert [(r["status"], r["decision"]) for r in rows] == [
        ("disagreement", None),
        ("screened", "include"),
    ]
    assert rows[0]["screenings"] == [
        {"coder": "Ann", "decision": "include", "reason": ""},
        {"coder": "Bo", "decision": "exclude", "reason": "out of scope"},
    ]
    code, out, _ = run(
        capsys,
        "screen",
        proj,
        "--review",
        a,
        "--include",
        "--resolve",
        "third_person",
        "--coder",
        "Cy",
    )
    assert (code, out) == (0, f"review {a} included by third person\n")
    _, out, _ = run(capsys, "sample", proj, "--list", "--json")
    first = json.loads(out)[0]
    assert (first["status"], first["decision"], first["resolved_by"]) == (
        "resolved",
        "include",
        "Cy",
    )
    code, _, err = run(capsys, "screen", proj, "--review", "nope", "--include", "--coder", "A")
    assert (code, err) == (
        1,
        "review-coder: error: no review with id nope; list them with review-coder sample\n",
    )


def test_criteria_and_reasons(proj, tmp_path, capsys):
    text = tmp_path / "criteria.txt"
    text.write_text("Include reviews where police were involved, 2011–2024.\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "sample",
        proj,
        "--criteria",
        text,
        "--reason",
        "no police",
        "--reason",
        "too old",
        "--coder",
        "Lead",
    )
    assert (code, out) == (0, "criteria set; reasons: no police, too old\n")
    with Project.open(proj, read_only=True) as project:
        from coder.project import screening

        assert (
            screening.criteria(project) == "Include reviews where police were involved, 2011–2024."
        )
        assert screening.reasons(project) == ["no police", "too old"]


def test_provenance_travels_with_the_review_attributes(proj, tmp_path, capsys):
    csv_path = write_candidates(
        tmp_path / "c.csv",
        [_row("DHR A", url="https://a.example/a.pdf", published_on="2021-05-01")],
    )
    run(capsys, "sample", proj, "--import", csv_path, "--coder", "Ann")
    out = tmp_path / "attrs.csv"
    assert run(capsys, "attributes", proj, "--out", out)[0] == 0
    header, row = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.split(",")[3:8] == [
        "source_url",
        "repository",
        "retrieved_on",
        "publication_status",
        "published_on",
    ]
    assert row.split(",")[3:8] == [
        "https://a.example/a.pdf",
        "Home Office DHR library",
        "2026-11-02",
        "full report",
        "2021-05-01",
    ]
    edited = tmp_path / "edited.csv"
    edited.write_text(
        "review_name,repository,publication_status\nDHR A,other,executive summary only\n",
        encoding="utf-8",
    )
    code, out_text, _ = run(capsys, "attributes", proj, "--import", edited, "--coder", "Ann")
    assert (code, out_text) == (0, "1 reviews updated\n")
    with Project.open(proj, read_only=True) as project:
        (review,) = candidates.list_sample(project)
        assert review.provenance == provenance.Provenance(
            "https://a.example/a.pdf", "other", "2026-11-02", "executive_summary_only", "2021-05-01"
        )
    edited.write_text("review_name,repository\nDHR A,moon\n", encoding="utf-8")
    code, out_text, _ = run(capsys, "attributes", proj, "--import", edited, "--coder", "Ann")
    assert code == 1
    assert out_text.startswith("error: row 2: 'moon' is not a repository;")
