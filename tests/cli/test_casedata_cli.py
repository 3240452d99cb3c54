from __future__ import annotations

import csv

import pytest

from coder.cli.main import main
from coder.project import casedata as repo
from coder.project.store import Project
from tests.casekit import REVIEWS, build, review_pdf


def _table(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


@pytest.fixture
def made(tmp_path):
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="Ann") as project:
        kit = build(project, tmp_path)
        ids = (kit.review_ids, kit.person, kit.contacts)
    return path, ids


def test_a_team_fills_case_data_from_spreadsheets_alone(tmp_path, capsys):
    path = tmp_path / "team.rcproj"
    for name, lines in REVIEWS.items():
        (tmp_path / f"{name}.pdf").write_bytes(review_pdf(lines))
    assert main(["new", str(path), "--attributes", "review-attributes", "--coder", "Ann"]) == 0
    assert main(["import", str(path), str(tmp_path), "--coder", "Ann"]) == 0
    capsys.readouterr()
    assert main(["casedata", str(path), "--schema", "case-data", "--coder", "Ann"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "case-data schema 'Case data for police learning'",
        "  added kind: person",
        "  added kind: relationship",
        "  added kind: police contact",
    ]
    assert main(["casedata", str(path), "--schema", "case-data"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  already up to date"
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    _write(
        sheets / "people.csv",
        [
            ["review_name", "role", "pseudonym", "age", "vulnerabilities"],
            ["DHR Adult A", "victim or subject of the review", "Adult A", "34", "mental health"],
            ["DHR Adult A", "person who caused harm", "Adult B", "not stated", ""],
        ],
    )
    _write(
        sheets / "contacts.csv",
        [
            ["review_name", "date", "contact type", "persons involved", "practice judgement"],
            ["DHR Adult A", "2021-03-03", "attendance", "Adult A; Adult B", "missed opportunity"],
            ["DHR Adult A", "c. 2020", "arrest", "Adult B", ""],
        ],
    )
    assert main(["casedata", str(path), "--import", str(sheets), "--coder", "Bob"]) == 0
    assert capsys.readouterr().out == "4 records added, 0 updated from people.csv, contacts.csv\n"
    out = tmp_path / "out"
    assert main(["casedata", str(path), "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote 2 rows to {out / 'people.csv'}",
        f"wrote 0 rows to {out / 'relationships.csv'}",
        f"wrote 2 rows to {out / 'contacts.csv'}",
    ]
    contacts = _table(out / "contacts.csv")
    h = contacts[0]
    assert [
        [
            r[h.index(c)]
            for c in ("review_name", "coder", "date", "date precision", "persons involved")
        ]
        for r in contacts[1:]
    ] == [
        ["DHR Adult A", "Bob", "2020~", "approximate", "Adult B"],
        ["DHR Adult A", "Bob", "2021-03-03", "day", "Adult A; Adult B"],
    ]
    assert _table(out / "relationships.csv")[0][:4] == [
        "review_id",
        "review_name",
        "record_id",
        "coder",
    ]


def test_xlsx_and_a_bad_import_exit_one_with_each_problem(made, tmp_path, capsys):
    path, (_reviews, _persons, contacts) = made
    out = tmp_path / "x"
    assert main(["casedata", str(path), "--out", str(out), "--format", "xlsx"]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out / "people.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(rows) == 8 and rows[0][:6] == [
        "review_id",
        "review_name",
        "record_id",
        "coder",
        "role",
        "pseudonym",
    ]
    assert next(r for r in rows if r[5] == "Adult A")[6] == "34"  # text, as the CSV
    capsys.readouterr()
    bad = tmp_path / "bad"
    bad.mkdir()
    _write(
        bad / "contacts.csv",
        [
            ["record_id", "date", "DASH grade", "colour"],
            [contacts[0], "3 March 2021", "", "red"],
            [contacts[1], "2021-03", "very high", ""],
        ],
    )
    with Project.open(path, read_only=True) as project:
        before = repo.snapshot(project, [r.id for r in repo.list_records(project)])
    assert main(["casedata", str(path), "--import", str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "error: contacts.csv: column 'colour' is not a field of 'police contact'",
        "error: contacts.csv row 2: 'date' needs a date as YYYY, YYYY-MM or YYYY-MM-DD "
        "(add ~ when approximate), not '3 March 2021'",
        "error: contacts.csv row 3: 'DASH grade' has no choice 'very high' "
        "(choices: standard, medium, high)",
        "nothing applied: 3 problem(s); fix them, or use --partial",
    ]
    with Project.open(path, read_only=True) as project:
        assert repo.snapshot(project, before.record_ids) == before
    assert main(["casedata", str(path), "--import", str(tmp_path / "none")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["casedata", str(path), "--schema", "nope.yaml"]) == 2
    assert main(["casedata", str(path), "--out", str(out), "--partial"]) == 2
