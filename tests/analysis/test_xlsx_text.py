"""An .xlsx export keeps a quote's carriage returns and control characters, written as
Excel writes them (``_x000D_``), where the CSV export keeps them as they are."""

from __future__ import annotations

import csv

import openpyxl
from openpyxl.utils.escape import unescape

from coder.cli.main import main
from coder.coding.ingest import store_text
from coder.coding.operations import code_text
from coder.project import coders, codes
from coder.project.store import Project

TEXT = "Line one\r\nThe officer said\r\nthe form _x000D_ was late\x01.\r\nEnd"


def test_xlsx_quotes_keep_carriage_returns(tmp_path):
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="Ann") as p:
        doc, _made = store_text(p, "Notes", "notes.txt", TEXT.encode(), TEXT, "Ann")
        with p.write():
            ann = coders.ensure_coder(p, "Ann").id
            code = codes.ensure_path(p, "Risk", ann)
        start = TEXT.index("The officer")
        code_text(p, doc.id, code, ann, start, TEXT.index("\r\nEnd"))
    quote = TEXT[TEXT.index("The officer") : TEXT.index("\r\nEnd")]
    xlsx, csv_out = tmp_path / "s.xlsx", tmp_path / "s.csv"
    assert main(["export", str(path), "--segments", str(xlsx)]) == 0
    assert main(["export", str(path), "--segments", str(csv_out)]) == 0
    with csv_out.open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["quote"] == quote
    sheet = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    stored = sheet.cell(row=2, column=header.index("quote") + 1).value
    # as Excel stores them: CR and U+0001 escaped, the literal "_x000D_" escaped too
    assert stored == ("The officer said_x000D_\nthe form _x005F_x000D_ was late_x0001_.")
    assert unescape(stored) == quote
