"""``check`` finds every kind of damage in ``corruptions`` on a real project file, never
raises, never writes to the file; ``check --fix`` repairs what is safe after a backup;
writers refuse a malformed file; exports read undecodable text."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from coder.cli.main import main
from coder.coding.operations import add_memo, code_area
from coder.project import coders, codes
from coder.project.store import Project
from tests.conftest import sample_pdf
from tests.project.corruptions import CORRUPTIONS

DOC = "document 'sample review'"
PAGES_AGAIN = f"{DOC}: pages and words read again from its PDF"
# corruption: (kinds found, kinds that can be repaired, what --fix does, kinds left after)
EXPECTED: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "undecodable_quote": (
        ["coding_quote", "undecodable_text"],
        ["coding_quote", "undecodable_text"],
        [
            "codings.quote of row 1: undecodable bytes replaced by U+FFFD",
            "coding {first}: quote taken from the text at its range",
        ],
        [],
    ),
    "undecodable_text": (
        ["fulltext_index", "text_differs", "undecodable_text"],
        ["fulltext_index", "text_differs", "undecodable_text"],
        [f"{DOC}: text, pages and words read again from its PDF", "rebuilt the full-text index"],
        [],
    ),
    "word_box_moved": (["word_boxes"], ["word_boxes"], [PAGES_AGAIN], []),
    "word_spans_shifted": (
        ["page_words", "word_offsets"],
        ["page_words", "word_offsets"],
        [PAGES_AGAIN],
        [],
    ),
    "word_blob_truncated": (
        ["coding_rects", "word_geometry"],
        ["coding_rects", "word_geometry"],
        [PAGES_AGAIN],
        [],
    ),
    "word_count_wrong": (
        ["coding_rects", "word_geometry"],
        ["coding_rects", "word_geometry"],
        [PAGES_AGAIN],
        [],
    ),
    "page_range_moved": (
        ["page_range", "word_offsets"],
        ["page_range", "word_offsets"],
        [PAGES_AGAIN],
        [],
    ),
    "page_row_missing": (
        ["page_range", "page_rows"],
        ["page_range", "page_rows"],
        [PAGES_AGAIN],
        [],
    ),
    "pdf_damaged": (["pdf_hash"], [], [], ["pdf_hash"]),
    "fulltext_index_stale": (
        ["fulltext_index"],
        ["fulltext_index"],
        ["rebuilt the full-text index"],
        [],
    ),
    "coding_quote_changed": (
        ["coding_quote"],
        ["coding_quote"],
        ["coding {first}: quote taken from the text at its range"],
        [],
    ),
    "coding_range_moved": (
        ["coding_quote"],
        ["coding_quote"],
        ["coding {marac}: range put back where its quote is"],
        [],
    ),
    "coding_range_past_the_end": (
        ["coding_range"],
        ["coding_range"],
        ["coding {marac}: range put back where its quote is"],
        [],
    ),
    "coding_rects_garbled": (
        ["coding_rects"],
        ["coding_rects"],
        ["coding {marac}: pages and rectangles computed again"],
        [],
    ),
    "coding_rects_moved": (
        ["coding_rects"],
        ["coding_rects"],
        ["coding {marac}: pages and rectangles computed again"],
        [],
    ),
    "foreign_key_broken": (["foreign_key"], [], [], ["foreign_key"]),
    "code_cycle": (["code_cycle"], [], [], ["code_cycle"]),
    "changelog_trigger_dropped": (
        ["changelog_triggers"],
        ["changelog_triggers"],
        ["restored the change log's trigger changes_no_delete"],
        [],
    ),
    "changelog_counter_behind": (
        ["changelog_sequence"],
        ["changelog_sequence"],
        ["restored the change log's counter ({seq})"],
        [],
    ),
    "changelog_entry_garbled": (["changelog_entry"], [], [], ["changelog_entry"]),
    "changelog_says_deleted": (
        ["changelog_deleted_present"],
        [],
        [],
        ["changelog_deleted_present"],
    ),
    "header_application_id": (
        ["header"],
        ["header"],
        ["wrote the header's application id and schema version again"],
        [],
    ),
    "index_entry_damaged": (
        ["sqlite_integrity"],
        ["sqlite_integrity"],
        ["rebuilt every index (REINDEX)"],
        [],
    ),
    "table_page_damaged": (
        ["sqlite_integrity", "unreadable"],
        [],
        [],
        ["sqlite_integrity", "unreadable"],
    ),
    "not_sqlite": (["not_sqlite"], [], [], ["not_sqlite"]),
}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A sound project: a three-page review, five text codings, an area, a memo."""
    tmp = tmp_path_factory.mktemp("check")
    pdf = tmp / "sample review.pdf"
    pdf.write_bytes(sample_pdf()[0])
    path = tmp / "base.rcproj"
    assert main(["new", str(path), "--coder", "Ann"]) == 0
    assert main(["import", str(path), str(pdf), "--coder", "Ann"]) == 0
    assert (
        main(
            [
                "autocode",
                str(path),
                "--code",
                "Risk",
                "--phrase",
                "risk",
                "--coder",
                "Ann",
                "--create",
            ]
        )
        == 0
    )
    argv = [
        "autocode",
        str(path),
        "--code",
        "Agencies/MARAC",
        "--phrase",
        "MARAC referral",
        "--create",
    ]
    assert main([*argv, "--coder", "Ann"]) == 0
    with Project.open(path, user="Ann") as p:
        ann = coders.find_coder(p, "Ann").id
        doc = p.conn.execute("SELECT id FROM documents").fetchone()[0]
        code_area(p, doc, codes.find_by_path(p, "Risk"), ann, 3, (80, 80, 300, 200))
        add_memo(p, "project", None, "Zoë's notes", ann)
        ids = {
            "first": p.conn.execute(
                "SELECT id FROM codings WHERE kind = 'text' ORDER BY rowid"
            ).fetchone()[0],
            "marac": p.conn.execute(
                "SELECT id FROM codings WHERE quote = 'MARAC referral'"
            ).fetchone()[0],
            "seq": str(p.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]),
        }
    return path, ids


def _damaged(base, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.rcproj"
    shutil.copyfile(base[0], path)
    CORRUPTIONS[name](path)
    return path


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_sound_project_is_sound_on_a_read_only_file(capsys, base, tmp_path):
    path = tmp_path / "sound.rcproj"
    shutil.copyfile(base[0], path)
    path.chmod(0o444)
    before = _snapshot(tmp_path)
    assert run(capsys, "check", path) == (0, "sound\n", "")
    assert _snapshot(tmp_path) == before  # no byte, journal, WAL or lock written
    code, out, _ = run(capsys, "check", path, "--json")
    assert (code, json.loads(out)) == (
        0,
        {
            "project": str(path),
            "sound": True,
            "findings": [],
            "skipped": [],
            "fixed": [],
            "backup": None,
        },
    )


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_check_finds_each_corruption_without_writing(capsys, base, tmp_path, name):
    assert set(EXPECTED) == set(CORRUPTIONS)
    path = _damaged(base, tmp_path, name)
    path.chmod(0o444)
    before = _snapshot(tmp_path)
    code, out, err = run(capsys, "check", path, "--json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    kinds, fixable, _, _ = EXPECTED[name]
    assert sorted({f["kind"] for f in report["findings"]}) == kinds
    assert sorted({f["kind"] for f in report["findings"] if f["fixable"]}) == fixable
    assert report["sound"] is False
    code, out, err = run(capsys, "check", path)
    lines = out.splitlines()
    assert (code, err) == (1, "")
    assert lines[:-1] == [f["message"] for f in report["findings"]]
    summary = f"{len(report['findings'])} problem(s) found"
    n_fixable = sum(f["fixable"] for f in report["findings"])
    if n_fixable:
        summary += f"; {n_fixable} can be repaired: review-coder check --fix {path}"
    assert lines[-1] == summary
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_fix_repairs_what_is_safe_after_a_backup(capsys, base, tmp_path, name):
    path = _damaged(base, tmp_path, name)
    damaged = path.read_bytes()
    _, fixable, fixed, left = EXPECTED[name]
    code, out, err = run(capsys, "check", path, "--fix", "--json")
    report = json.loads(out)
    assert (code, err) == (0 if not left else 1, "")
    assert report["fixed"] == [line.format(**base[1]) for line in fixed]
    assert sorted({f["kind"] for f in report["findings"]}) == left
    if not fixable:  # nothing to do: no backup, the file untouched
        assert report["backup"] is None
        assert path.read_bytes() == damaged
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
        return
    backup = Path(report["backup"])
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"{name}.before-fix-") and backup.suffix == ".rcproj"
    assert backup.read_bytes() == damaged
    assert run(capsys, "check", path) == (0, "sound\n", "")
    with closing(sqlite3.connect(path)) as conn:  # the repairs are in the change log
        logged = conn.execute(
            "SELECT count(*) FROM changes WHERE summary LIKE 'repaired by check --fix: %'"
        ).fetchone()[0]
    per_row = [line for line in report["fixed"] if line.startswith(("coding ", DOC, "codings."))]
    assert logged == len(per_row)


def test_fix_says_what_it_did(capsys, base, tmp_path):
    path = _damaged(base, tmp_path, "coding_quote_changed")
    code, out, err = run(capsys, "check", path, "--fix")
    backup = next(p for p in tmp_path.iterdir() if p != path)
    assert (code, err) == (0, "")
    assert out == (
        f"backup: {backup}\n"
        f"fixed: coding {base[1]['first']}: quote taken from the text at its range\n"
        "sound\n"
    )
    assert run(capsys, "check", path, "--fix") == (0, "sound\n", "")  # nothing more to do
    assert len(list(tmp_path.iterdir())) == 2


def test_fix_refuses_a_project_open_for_writing(capsys, base, tmp_path):
    path = _damaged(base, tmp_path, "fulltext_index_stale")
    with Project.open(path, user="Ann"):
        code, out, err = run(capsys, "check", path, "--fix")
    assert (code, out) == (1, "")
    assert err.startswith(f"review-coder: error: {path.name} is open for writing by Ann")
    assert err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir() if "before-fix" in p.name] == []
    assert run(capsys, "check", path)[0] == 1


def test_check_json_fields(capsys, base, tmp_path):
    path = _damaged(base, tmp_path, "coding_quote_changed")
    code, out, _ = run(capsys, "check", path, "--json")
    first = base[1]["first"]
    assert (code, json.loads(out)) == (
        1,
        {
            "project": str(path),
            "sound": False,
            "findings": [
                {
                    "kind": "coding_quote",
                    "message": f"coding {first}: its quote differs from the text at 39-43",
                    "table": "codings",
                    "id": first,
                    "fixable": True,
                }
            ],
            "skipped": [],
            "fixed": [],
            "backup": None,
        },
    )


@pytest.mark.parametrize("name", ["table_page_damaged", "not_sqlite"])
def test_writers_refuse_a_malformed_project_and_point_to_check(capsys, base, tmp_path, name):
    path = _damaged(base, tmp_path, name)
    damaged = path.read_bytes()
    pdf = tmp_path / "new.pdf"
    pdf.write_bytes(sample_pdf()[0])
    for argv in (
        ["autocode", path, "--code", "X", "--phrase", "risk", "--coder", "Ann"],
        ["import", path, pdf, "--coder", "Ann"],
    ):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, "")
        assert err.count("\n") == 1
        if name == "table_page_damaged":
            assert err.startswith(f"review-coder: error: {path.name} is damaged (")
            assert err.endswith(
                f"); nothing was changed. Run 'review-coder check {path}' to see the damage, "
                "and 'check --fix' to repair what can be repaired\n"
            )
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, pdf.name])


def test_exports_read_undecodable_text_and_warn(capsys, base, tmp_path):
    path = _damaged(base, tmp_path, "undecodable_quote")
    warning = (
        "review-coder: warning: some stored text is not valid UTF-8 (the file is damaged); it "
        f"was read with U+FFFD in place of the bad bytes. Run 'review-coder check {path}'\n"
    )
    segments = tmp_path / "segments.csv"
    code, out, err = run(capsys, "export", path, "--segments", segments)
    checked = (
        "disclosure check: 6 quotes checked against 0 sensitive terms and 0 pseudonyms; "
        f"0 left out (unpublished or restricted) (report: {segments}.disclosure.txt)"
    )
    assert (code, out, err) == (0, f"wrote 6 segments to {segments}\n{checked}\n", warning)
    with segments.open(newline="", encoding="utf-8") as fh:
        rows = {r["coding_id"]: r["quote"] for r in csv.DictReader(fh)}
    assert rows[base[1]["first"]] == "MARA\ufffd ref"
    assert rows[base[1]["marac"]] == "MARAC referral"
    report = tmp_path / "risk.html"
    assert run(capsys, "report", path, "--code", "Risk", "--out", report) == (
        0,
        f"wrote 5 excerpts to {report}\ndisclosure check: report in {report}.disclosure.txt\n",
        warning,
    )
    assert "MARA\ufffd ref" in report.read_text(encoding="utf-8")
    clean = tmp_path / "clean.csv"
    assert run(capsys, "export", base[0], "--segments", clean)[2] == ""  # no warning when sound


def test_check_project_api_lists_messages(base, tmp_path):
    from coder.project.check import check_project

    path = _damaged(base, tmp_path, "coding_quote_changed")
    with Project.open(path, read_only=True) as p:
        assert check_project(p) == [
            f"coding {base[1]['first']}: its quote differs from the text at 39-43"
        ]
