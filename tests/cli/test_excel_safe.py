"""``--excel-safe`` neutralises every cell a spreadsheet would run, headers included: a code
or an attribute can be named like a formula, and its name heads a column."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from tests.cli.test_cli import run

EVIL_CODE = '=HYPERLINK("http://evil.example","x")'
EVIL_PATH = '=HYPERLINK("http:\\/\\/evil.example","x")'  # a path escapes '/' in a name
ATTRIBUTES = """format: review-coder-attributes/1
title: Hostile names
attributes:
  - name: "=1+1"
    type: integer
  - name: "@who"
    type: text
"""


def _csv(path):
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def _project(capsys, tmp_path, sample):
    attrs = tmp_path / "hostile.yaml"
    attrs.write_text(ATTRIBUTES, encoding="utf-8")
    proj = tmp_path / "hostile.rcproj"
    assert run(capsys, "new", proj, "--attributes", attrs, "--coder", "Ann")[0] == 0
    assert run(capsys, "import", proj, sample[0], "--coder", "Ann")[0] == 0
    code, out, _ = run(
        capsys,
        "autocode",
        proj,
        "--create",
        "--code",
        EVIL_PATH,
        "--phrase",
        "MARAC",
        "--coder",
        "Ann",
    )
    assert (code, out) == (0, "1 codings added (1 matches in 1 documents)\n")
    table = tmp_path / "values.csv"
    table.write_text("review_name,=1+1,@who\nsample review,7,-me\n", encoding="utf-8")
    assert run(capsys, "attributes", proj, "--import", table, "--coder", "Ann")[0] == 0
    return proj


def test_matrix_header_with_a_formula_code_name_is_neutralised(capsys, tmp_path, sample):
    proj = _project(capsys, tmp_path, sample)
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert run(capsys, "export", proj, "--matrix", plain, "--unit", "document")[0] == 0
    assert (
        run(capsys, "export", proj, "--matrix", safe, "--unit", "document", "--excel-safe")[0] == 0
    )
    fixed = ["project", "document_id", "document_name", "attr:=1+1", "attr:@who"]
    assert _csv(plain)[0] == [*fixed, EVIL_PATH]  # faithful without the option
    header, row = _csv(safe)
    assert header == [*fixed, "'" + EVIL_PATH]
    assert row[2:] == ["sample review", "7", "'-me", "1"]
    assert safe.read_bytes().startswith(b"\xef\xbb\xbf")


def test_attributes_csv_header_with_a_formula_name_is_neutralised(capsys, tmp_path, sample):
    proj = _project(capsys, tmp_path, sample)
    safe = tmp_path / "attributes.csv"
    assert run(capsys, "attributes", proj, "--out", safe, "--excel-safe")[0] == 0
    header, row = _csv(safe)
    assert header == [
        "review_id",
        "review_name",
        "documents",
        "source_url",
        "repository",
        "retrieved_on",
        "publication_status",
        "published_on",
        "'=1+1",
        "'@who",
    ]
    assert row[1:] == ["sample review", "sample review.pdf", "", "", "", "", "", "7", "'-me"]
    # the header as --excel-safe wrote it is read back as the attribute's name
    again = tmp_path / "again.csv"
    again.write_text("review_name,'=1+1\nsample review,8\n", encoding="utf-8")
    code, out, _ = run(capsys, "attributes", proj, "--import", again, "--coder", "Ann")
    assert (code, out) == (0, "1 reviews updated\n")
    plain = tmp_path / "plain.csv"
    assert run(capsys, "attributes", proj, "--out", plain)[0] == 0
    assert _csv(plain)[0][8:] == ["=1+1", "@who"]
    assert _csv(plain)[1][8:] == ["8", "-me"]


def test_xlsx_stores_every_header_cell_as_text_on_a_fixed_sheet(capsys, tmp_path, sample):
    proj = _project(capsys, tmp_path, sample)
    out = tmp_path / "matrix.xlsx"
    assert run(capsys, "export", proj, "--matrix", out, "--unit", "document")[0] == 0
    book = load_workbook(out)
    assert book.sheetnames == ["data"]
    rows = list(book["data"].iter_rows())
    assert [c.value for c in rows[0]][3:] == ["attr:=1+1", "attr:@who", EVIL_PATH]
    assert [c.data_type for c in rows[0]] == ["s"] * 6  # text, never a formula ("f")
    assert [c.value for c in rows[1]][4:] == ["-me", 1]
    assert rows[1][4].data_type == "s"
