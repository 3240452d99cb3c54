from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys

import pytest

from coder import __version__
from coder.cli.main import build_parser, main
from coder.coding.operations import add_memo
from coder.project import coders, codings
from coder.project import codes as project_codes
from coder.project.schema import LATEST_VERSION
from coder.project.store import Project
from tests.pdfkit import PdfBuilder


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "study.rcproj"
    assert run(capsys, "new", path, "--name", "DHR study")[0] == 0
    return path


def test_every_command_has_help(capsys):
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) >= {"new", "import", "info", "check", "autocode", "export", "demo"}
    for name, sub in commands.items():
        assert sub.description, name
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
        assert "usage: review-coder " + name in capsys.readouterr().out


def test_usage_errors_are_one_line_and_exit_2(capsys, proj):
    with pytest.raises(SystemExit) as exit_:
        main(["autocode", str(proj), "--code", "X"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err == (
        "review-coder: error: review-coder autocode: the following arguments are "
        "required: --coder (see 'review-coder autocode --help')\n"
    )
    code, _, err = run(
        capsys, "autocode", proj, "--create", "--code", "X", "--regex", "(", "--coder", "A"
    )
    assert code == 2
    assert err == (
        "review-coder: error: the regular expression does not compile: missing ), "
        "unterminated subpattern at position 0\n"
    )


def test_new_refuses_an_existing_file_and_a_wrong_suffix(capsys, proj, tmp_path):
    code, out, err = run(capsys, "new", proj)
    assert (code, out) == (1, "")
    assert err == f"review-coder: error: {proj} already exists; choose another name or open it\n"
    assert run(capsys, "new", tmp_path / "x.db")[0] == 2


def test_import_reports_each_file_and_exits_1_when_one_failed(capsys, proj, sample, tmp_path):
    pdf, _ = sample
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    code, out, _ = run(capsys, "import", proj, pdf, pdf, bad, "--coder", "Zoë")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"imported  {pdf}  (3 pages, id ")
    assert lines[1] == "  warning: 1 page(s) without a text layer (page 3): code them by area"
    assert lines[2] == f"duplicate {pdf}  (same file as 'sample review')"
    assert lines[3] == (
        f"failed    {bad}  (broken.pdf: the PDF is truncated (no end-of-file "
        "marker); download or export it again)"
    )
    assert len(lines) == 4
    code, out, _ = run(capsys, "import", proj, pdf)
    assert code == 0


def test_import_a_folder(capsys, proj, tmp_path):
    folder = tmp_path / "reviews"
    (folder / "sub").mkdir(parents=True)
    for i, name in enumerate(["a.pdf", "sub/b.pdf"]):
        b = PdfBuilder()
        b.page()
        b.line(72, 100, f"Review number {i}")
        (folder / name).write_bytes(b.tobytes())
    code, out, _ = run(capsys, "import", proj, folder)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["imported", "imported"]
    code, out, _ = run(capsys, "import", proj, tmp_path / "missing")
    assert code == 1
    reason = "missing: cannot be read (No such file or directory)"
    assert out == f"failed    {tmp_path / 'missing'}  ({reason})\n"


def test_info_json_fields(capsys, proj, sample):
    run(capsys, "import", proj, sample[0])
    run(
        capsys,
        "autocode",
        proj,
        "--create",
        "--code",
        "Risk/Assessment",
        "--phrase",
        "risk assessment",
        "--coder",
        "Ann",
    )
    code, out, _ = run(capsys, "info", proj, "--json")
    info = json.loads(out)
    assert code == 0
    assert info["schema_version"] == LATEST_VERSION
    (doc,) = info["documents"]
    assert set(doc) == {"id", "title", "file_name", "sha256", "pages", "pages_without_text"}
    assert (doc["title"], doc["file_name"], doc["pages"], doc["pages_without_text"]) == (
        "sample review",
        "sample review.pdf",
        3,
        [3],
    )
    assert (info["codes"], info["codings"], info["coders"]) == (2, 3, 2)
    code, out, _ = run(capsys, "info", proj)
    assert out.splitlines()[0] == f"DHR study  (schema version {LATEST_VERSION})"


def test_autocode_refuses_a_code_path_that_names_no_code_unless_create(capsys, proj, sample):
    run(capsys, "import", proj, sample, "--coder", "Ann")
    made = run(
        capsys,
        "autocode",
        proj,
        "--create",
        "--code",
        "Risk/Assessment (DASH)",
        "--phrase",
        "risk assessment",
        "--coder",
        "Ann",
    )
    assert made[0] == 0
    code, out, err = run(
        capsys,
        "autocode",
        proj,
        "--code",
        "Risk/Assessment (DASH and others)",
        "--phrase",
        "risk assessment",
        "--coder",
        "Ann",
    )
    assert (code, out) == (1, "")
    assert err == (
        "review-coder: error: no code 'Risk/Assessment (DASH and others)' in this project; "
        "nearest: 'Risk/Assessment (DASH)' (give --create to make it)\n"
    )
    with Project.open(proj) as project:
        assert sorted(c.name for c in project_codes.list_codes(project)) == [
            "Assessment (DASH)",
            "Risk",
        ]


def test_autocode_prints_the_number_added_and_is_idempotent(capsys, proj, sample):
    run(capsys, "import", proj, sample[0])
    args = [
        "autocode",
        proj,
        "--create",
        "--code",
        "Risk",
        "--phrase",
        "RISK",
        "--coder",
        "Ann",
        "--effect",
        "hinders",
    ]
    assert run(capsys, *args)[1] == "4 codings added (4 matches in 1 documents)\n"
    assert run(capsys, *args)[1] == (
        "0 codings added (4 matches in 1 documents; "
        "4 skipped, inside a coding of this code by this coder)\n"
    )


def test_autocode_extends_to_sentences_and_reports_skips_in_json(capsys, proj, sample):
    run(capsys, "import", proj, sample[0])
    base = ["autocode", proj, "--code", "Risk", "--create", "--coder", "Ann", "--json"]
    code, out, _ = run(capsys, *base, "--phrase", "risk", "--extend", "sentence")
    assert code == 0
    assert json.loads(out) == {
        "added": 4,
        "matches": 4,
        "documents": 1,
        "skipped": 0,
        "extend": "sentence",
    }
    code, out, _ = run(capsys, *base, "--phrase", "assessment")
    assert json.loads(out) == {
        "added": 0,
        "matches": 3,
        "documents": 1,
        "skipped": 3,
        "extend": "hit",
    }
    with Project.open(proj) as project:
        quotes = [c.quote for c in codings.list_codings(project)]
    assert quotes[1] == "Siobhán Ó Súilleabháin said the ‘risk’ was “high” — the officer agreed."
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in (*base, "--phrase", "risk", "--extend", "page")])
    assert exit_.value.code == 2
    assert "invalid choice: 'page'" in capsys.readouterr().err


def test_export_segments_csv_round_trips_newlines_quotes_and_accents(
    capsys, proj, sample, tmp_path
):
    run(capsys, "import", proj, sample[0])
    run(
        capsys,
        "autocode",
        proj,
        "--create",
        "--code",
        "Risk/DASH \\/ RIC",
        "--phrase",
        "DASH risk assessment",
        "--coder",
        "Zoë",
        "--effect",
        "hinders",
    )
    run(
        capsys,
        "autocode",
        proj,
        "--create",
        "--code",
        "Voice",
        "--phrase",
        "“high”",
        "--coder",
        "Zoë",
    )
    with Project.open(proj) as project:
        first = codings.list_codings(project)[0]
        coder = coders.find_coder(project, "Zoë")
        add_memo(project, "coding", first.id, 'Line one\nline "two", with a comma', coder.id)
        add_memo(project, "coding", first.id, "=second memo", coder.id)
    out_csv = tmp_path / "segments.csv"
    code, out, _ = run(capsys, "export", proj, "--segments", out_csv)
    assert (code, out.splitlines()[0]) == (0, f"wrote 2 segments to {out_csv}")
    assert out.splitlines()[1].startswith("disclosure check: 2 quotes checked")
    raw = out_csv.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with out_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "coding_id",
        "document_id",
        "document_title",
        "document_sha256",
        "code_id",
        "code_path",
        "coder",
        "effect",
        "page_start",
        "page_end",
        "char_start",
        "char_end",
        "quote",
        "memo",
        "created_at",
        "review_id",
        "review_name",
        "kind",
        "rects",
        "modified_at",
        "project",
        "section",
        "section_kind",
        "paragraph",
        "paragraph_end",
        "citation",
        "judgement",
    ]
    dash = next(r for r in rows if r["code_path"] == "Risk/DASH \\/ RIC")
    assert (dash["coder"], dash["effect"], dash["page_start"], dash["page_end"]) == (
        "Zoë",
        "hinders",
        "1",
        "1",
    )
    assert dash["quote"] == "DASH risk\nassessment"
    assert dash["memo"] == 'Line one\nline "two", with a comma\n\n=second memo'
    assert dash["kind"] == "text"
    assert len(json.loads(dash["rects"])) == 2
    assert dash["created_at"].endswith("Z") and "T" in dash["created_at"]
    voice = next(r for r in rows if r["code_path"] == "Voice")
    assert (voice["quote"], voice["effect"], voice["memo"]) == ("“high”", "", "")
    safe = tmp_path / "safe.csv"
    run(capsys, "export", proj, "--segments", safe, "--excel-safe")
    assert safe.read_bytes().startswith(b"\xef\xbb\xbf")
    with safe.open(newline="", encoding="utf-8-sig") as fh:
        safe_rows = list(csv.DictReader(fh))
    assert "'=second memo" not in [r["memo"] for r in safe_rows]  # only cells that *start* risky
    assert run(capsys, "export", proj, "--segments", tmp_path / "x.txt")[0] == 2


def test_check_is_0_when_sound_and_1_with_the_problem(capsys, proj, sample):
    run(capsys, "import", proj, sample[0])
    run(
        capsys, "autocode", proj, "--create", "--code", "Risk", "--phrase", "risk", "--coder", "Ann"
    )
    assert run(capsys, "check", proj)[:2] == (0, "sound\n")
    conn = sqlite3.connect(proj)
    conn.execute("UPDATE codings SET quote = 'tampered' WHERE rowid = 1")
    conn.commit()
    coding = conn.execute("SELECT id FROM codings WHERE rowid = 1").fetchone()[0]
    conn.close()
    code, out, _ = run(capsys, "check", proj)
    assert code == 1
    assert out == (
        f"coding {coding}: its quote differs from the text at 39-43\n"
        f"1 problem(s) found; 1 can be repaired: review-coder check --fix {proj}\n"
    )


def test_project_held_on_another_machine_refuses_writes_allows_reads(capsys, proj, sample):
    holder = Project.open(proj, user="Ann")
    try:
        lock = proj.with_name(proj.name + ".lock")
        info = json.loads(lock.read_text())
        lock.write_text(json.dumps({**info, "host": "laptop-b"}))  # a synced folder
        code, _, err = run(capsys, "import", proj, sample[0])
        assert code == 1
        assert "is open for writing by Ann on laptop-b" in err
        assert run(capsys, "info", proj)[0] == 0
        assert run(capsys, "check", proj)[0] == 0
    finally:
        holder.close()


def test_command_line_writes_beside_the_app_on_this_machine(capsys, proj, sample):
    holder = Project.open(proj, user="Ann")  # the desktop app, say
    try:
        before = holder.data_version()
        assert run(capsys, "import", proj, sample[0])[0] == 0
        assert (
            run(
                capsys,
                "autocode",
                proj,
                "--create",
                "--code",
                "Risk",
                "--phrase",
                "risk",
                "--coder",
                "Bob",
            )[1]
            == "4 codings added (4 matches in 1 documents)\n"
        )
        assert holder.data_version() != before
        assert len(codings.list_codings(holder)) == 4
    finally:
        holder.close()
    assert not proj.with_name(proj.name + "-wal").exists()


def test_not_a_project_is_one_line_no_traceback(capsys, tmp_path):
    path = tmp_path / "notes.rcproj"
    path.write_text("hello")
    code, _, err = run(capsys, "info", path)
    assert code == 1
    assert (
        err
        == "review-coder: error: notes.rcproj is not a Review Coder project (not an SQLite file)\n"
    )


def test_python_dash_m_and_version():
    result = subprocess.run(
        [sys.executable, "-m", "coder", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"review-coder {__version__}\n"
