"""The disclosure check before theme reports and excerpt exports: restricted documents'
quotes left out and counted (unless released, logged), sensitive terms and case-data
pseudonyms block the output and are listed with their place (unless overridden, logged),
the report written beside the output."""

from __future__ import annotations

import csv
import json

import pytest

from coder.cli.main import main
from coder.codebook.case_schema import load_case_schema
from coder.codebook.files import shipped_dir
from coder.coding import casedata, reviews
from coder.project import changelog
from coder.project.store import Project
from tests.briefkit import build

RESTRICTED_QUOTE = "Police did not share the risk information with adult social care."
JONES_QUOTE = "The risk was graded as standard although Mr Jones had threatened her."


@pytest.fixture
def kit(tmp_path, capsys):
    made = build(tmp_path)
    capsys.readouterr()
    return made


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _segments(path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return {r["coding_id"]: r for r in csv.DictReader(f)}


def test_a_restricted_documents_quotes_are_left_out_until_released(kit, tmp_path, capsys):
    project = str(kit.path)
    code, out, _ = _run(
        capsys,
        "disclosure",
        project,
        "--document",
        "SAR Mr Z",
        "--status",
        "restricted",
        "--coder",
        "Ann",
    )
    assert (code, out) == (0, "SAR Mr Z: unpublished or restricted\n")
    report = tmp_path / "risk.html"
    code, out, _ = _run(capsys, "report", project, "--code", "Risk", "--out", str(report))
    assert code == 0
    assert out == (
        f"wrote 3 excerpts to {report}\ndisclosure check: report in {report}.disclosure.txt\n"
    )
    page = report.read_text(encoding="utf-8")
    assert RESTRICTED_QUOTE not in page
    assert "1 excerpts from unpublished or restricted documents are left out" in page
    # the counts still count the review: withholding a quote is not unseeing a review
    assert "<td>SAR</td><td>1</td><td>1</td>" in page
    checked = (tmp_path / "risk.html.disclosure.txt").read_text(encoding="utf-8")
    sharing = kit.codings[("SAR Mr Z", "1.1")]
    assert "4 quotes checked against 0 sensitive terms and 0 pseudonyms; 1 left out" in checked
    assert f"- SAR Mr Z, para 1.1, p. 1 [coding {sharing}, briefing study]" in checked

    segments = tmp_path / "segments.csv"
    code, out, _ = _run(capsys, "export", project, "--segments", str(segments))
    assert code == 0
    assert out.splitlines()[1] == (
        "disclosure check: 6 quotes checked against 0 sensitive terms and 0 pseudonyms; "
        f"1 left out (unpublished or restricted) (report: {segments}.disclosure.txt)"
    )
    rows = _segments(segments)
    assert len(rows) == 6  # the coding stays, its quote does not
    assert rows[sharing]["quote"] == ""
    assert rows[kit.codings[("DHR Adult X", "1.2")]]["quote"] == JONES_QUOTE
    assert (tmp_path / "segments.csv.disclosure.txt").exists()

    code, _, err = _run(
        capsys, "disclosure", project, "--release", sharing, "--reason", " ", "--coder", "Ann"
    )
    assert (code, err) == (2, "review-coder: error: a release needs a reason (--reason TEXT)\n")
    code, out, _ = _run(
        capsys,
        "disclosure",
        project,
        "--release",
        sharing,
        "--reason",
        "the SAB approved this quote on 3 May",
        "--coder",
        "Ann",
    )
    assert (code, out) == (0, f"released the quote of coding {sharing}\n")
    assert _run(capsys, "report", project, "--code", "Risk", "--out", str(report))[0] == 0
    assert RESTRICTED_QUOTE in report.read_text(encoding="utf-8")
    checked = (tmp_path / "risk.html.disclosure.txt").read_text(encoding="utf-8")
    assert (
        f"- SAR Mr Z, para 1.1, p. 1 [coding {sharing}, briefing study]: "
        "the SAB approved this quote on 3 May"
    ) in checked
    with Project.open(kit.path, read_only=True) as p:
        logged = changelog.history(p, "disclosure_release")
    assert [(c.action, c.entity_id, c.summary) for c in logged] == [
        ("create", sharing, "the SAB approved this quote on 3 May")
    ]
    code, out, _ = _run(capsys, "disclosure", project, "--list", "--json")
    listed = json.loads(out)
    assert [(d["title"], d["status"], d["effective"]) for d in listed["documents"]] == [
        ("DHR Adult X", None, "published"),
        ("DHR Adult Y", None, "published"),
        ("SAR Mr Z", "unpublished_or_restricted", "unpublished_or_restricted"),
    ]
    assert [(r["coding_id"], r["reason"]) for r in listed["releases"]] == [
        (sharing, "the SAB approved this quote on 3 May")
    ]


def test_a_review_attribute_saying_unpublished_withholds_its_documents(kit, tmp_path, capsys):
    with Project.open(kit.path) as p:
        spec = next(a for a in reviews.list_attributes(p) if a.name == "publication status")
        review = reviews.review_of(p, kit.documents["SAR Mr Z"]).id
        reviews.set_attribute(p, review, spec.id, "unpublished", None)
    report = tmp_path / "risk.html"
    assert _run(capsys, "report", str(kit.path), "--code", "Risk", "--out", str(report))[0] == 0
    assert RESTRICTED_QUOTE not in report.read_text(encoding="utf-8")
    # the document's own status wins over its review's
    assert (
        _run(
            capsys, "disclosure", str(kit.path), "--document", "SAR Mr Z", "--status", "published"
        )[0]
        == 0
    )
    assert _run(capsys, "report", str(kit.path), "--code", "Risk", "--out", str(report))[0] == 0
    assert RESTRICTED_QUOTE in report.read_text(encoding="utf-8")


def test_a_sensitive_term_blocks_the_output_and_is_listed_with_its_place(kit, tmp_path, capsys):
    project = str(kit.path)
    code, out, _ = _run(
        capsys, "disclosure", project, "--term", "jones", "--term", "Leeds", "--coder", "Ann"
    )
    assert (code, out) == (0, "added 2 sensitive terms: jones, Leeds\n")
    report = tmp_path / "risk.pdf"
    code, out, err = _run(capsys, "report", project, "--code", "Risk", "--out", str(report))
    assert code == 1
    assert out == ""
    assert err == (
        f"review-coder: error: risk.pdf was not written: 1 quotes name sensitive terms "
        f"(jones); each is listed in {report}.disclosure.txt. Take the quote out, or override "
        "the term with 'review-coder disclosure PROJECT --override TERM --reason TEXT'\n"
    )
    assert not report.exists()
    grading = kit.codings[("DHR Adult X", "1.2")]
    checked = (tmp_path / "risk.pdf.disclosure.txt").read_text(encoding="utf-8")
    assert "Sensitive terms found (the output was NOT written):" in checked
    assert (
        f"- 'jones' (sensitive term) in DHR Adult X, para 1.2, p. 1 [coding {grading}, "
        "briefing study]: …as standard although Mr Jones had threatened her."
    ) in checked
    # the excerpt export is blocked too, and writes nothing at all
    segments, matrix = tmp_path / "segments.csv", tmp_path / "matrix.csv"
    code, _, err = _run(
        capsys, "export", project, "--segments", str(segments), "--matrix", str(matrix)
    )
    assert code == 1 and "segments.csv was not written" in err
    assert not segments.exists() and not matrix.exists()

    code, out, _ = _run(
        capsys,
        "disclosure",
        project,
        "--override",
        "Jones",
        "--coding",
        grading,
        "--reason",
        "Mr Jones is the report's own pseudonym",
        "--coder",
        "Ann",
    )
    assert (code, out) == (0, f"'Jones' is let through in coding {grading}\n")
    assert _run(capsys, "report", project, "--code", "Risk", "--out", str(report))[0] == 0
    assert report.read_bytes().startswith(b"%PDF")
    checked = (tmp_path / "risk.pdf.disclosure.txt").read_text(encoding="utf-8")
    assert "Sensitive terms let through by an override:" in checked
    assert checked.rstrip().endswith(": Mr Jones is the report's own pseudonym")
    with Project.open(kit.path, read_only=True) as p:
        logged = changelog.history(p, "disclosure_override")
        terms = changelog.history(p, "sensitive_term")
    assert [c.summary for c in logged] == ["Jones: Mr Jones is the report's own pseudonym"]
    assert sorted(c.summary for c in terms) == ["Leeds", "jones"]


def test_terms_match_whole_words_in_any_case_and_spacing(kit, tmp_path, capsys):
    project = str(kit.path)
    # "Jon" is in no quote as a word ("Jones" is not "Jon"); "ADULT   social" spans a space
    assert _run(capsys, "disclosure", project, "--term", "Jon")[0] == 0
    report = tmp_path / "risk.html"
    assert _run(capsys, "report", project, "--code", "Risk", "--out", str(report))[0] == 0
    assert _run(capsys, "disclosure", project, "--term", "ADULT   social")[0] == 0
    code, _, err = _run(capsys, "report", project, "--code", "Risk", "--out", str(report))
    assert code == 1 and "(ADULT social)" in err


def test_case_data_pseudonyms_are_checked_too(kit, tmp_path, capsys):
    with Project.open(kit.path) as p:
        casedata.load_schema(p, load_case_schema(shipped_dir() / "case-data.yaml"), None)
        schema = casedata.schema_of(p)
        person = casedata.kind_named(schema, "person")
        pseudonym = person.field("pseudonym")
        review = reviews.review_of(p, kit.documents["DHR Adult Y"]).id
        casedata.add_record(p, review, person.id, {pseudonym.id: "call handler"}, None)
    code, out, _ = _run(capsys, "disclosure", str(kit.path), "--list")
    assert "case-data pseudonyms (1): call handler" in out.splitlines()
    report = tmp_path / "risk.html"
    code, _, err = _run(capsys, "report", str(kit.path), "--code", "Risk", "--out", str(report))
    assert code == 1 and "(call handler)" in err
    checked = (tmp_path / "risk.html.disclosure.txt").read_text(encoding="utf-8")
    assert "- 'call handler' (case-data pseudonym) in DHR Adult Y, para 1.1, p. 1" in checked
    assert (
        _run(
            capsys,
            "disclosure",
            str(kit.path),
            "--override",
            "Call Handler",
            "--reason",
            "a role, not a name",
        )[0]
        == 0
    )
    assert _run(capsys, "report", str(kit.path), "--code", "Risk", "--out", str(report))[0] == 0


def test_bad_disclosure_input_says_what_to_do_and_changes_nothing(kit, capsys):
    project = str(kit.path)
    for argv, message in [
        (["--status", "secret", "--document", "SAR Mr Z"], "a publication status is published"),
        (["--status", "published"], "--status needs --document DOC"),
        (["--document", "nope", "--status", "published"], "no document 'nope'"),
        (["--release", "not-a-coding", "--reason", "x"], "no coding with id not-a-coding"),
        (["--override", "Jones"], "an override needs a reason"),
        (["--remove-term", "Nobody"], "'Nobody' is not a sensitive term"),
        (["--term", "a", "--release", "b"], "give one change at a time"),
        ([], "say what to do"),
    ]:
        code, _, err = _run(capsys, "disclosure", project, *argv)
        assert code in (1, 2) and message in err, (argv, err)
        assert err.count("\n") == 1
    with Project.open(kit.path, read_only=True) as p:
        assert changelog.history(p, "disclosure_override") == []
        assert changelog.history(p, "sensitive_term") == []


def test_a_review_recorded_as_unpublished_withholds_its_documents(kit, tmp_path, capsys):
    from coder.project import provenance

    with Project.open(kit.path) as p:
        review = reviews.review_of(p, kit.documents["SAR Mr Z"]).id
        with p.write():
            value = provenance.Provenance(publication_status="unpublished_or_restricted")
            provenance.write(p, review, value, "2026-12-01T00:00:00Z")
    out = _run(capsys, "disclosure", str(kit.path), "--list")[1]
    assert "SAR Mr Z: unpublished or restricted (as its review)" in out.splitlines()
    report = tmp_path / "risk.html"
    assert _run(capsys, "report", str(kit.path), "--code", "Risk", "--out", str(report))[0] == 0
    assert RESTRICTED_QUOTE not in report.read_text(encoding="utf-8")
