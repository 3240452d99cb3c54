from __future__ import annotations

import csv
import gc
import io
import sys

import pytest

from coder.analysis.tables import excel_safe, write_table
from coder.errors import InvalidInputError
from coder.progress import Cancelled

TRICKY = [
    ["plain", 'with "quotes"', "comma, inside", "new\nline", "cr\rlf\r\n", "", None, 3, 1.5],
    ['=HYPERLINK("x")', "-dash", "+plus", "@at", "\ttab", "Zoë Łukasz", " lead space", "'", "€"],
]


def test_csv_matches_the_csv_module_byte_for_byte(tmp_path):
    out = tmp_path / "t.csv"
    assert write_table(out, ["a", "b,c", "d", "e", "f", "g", "h", "i", "j"], TRICKY) == 2
    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(["a", "b,c", "d", "e", "f", "g", "h", "i", "j"])
    writer.writerows(TRICKY)
    assert out.read_bytes() == expected.getvalue().encode("utf-8")
    with out.open(newline="", encoding="utf-8") as fh:
        back = list(csv.reader(fh))
    assert back[1][:6] == TRICKY[0][:6]
    assert back[2][0] == '=HYPERLINK("x")'


def test_excel_safe_prefixes_risky_cells_and_writes_a_bom(tmp_path):
    out = tmp_path / "t.csv"
    write_table(out, ["h"] * 9, TRICKY, excel=True)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with out.open(newline="", encoding="utf-8-sig") as fh:
        back = list(csv.reader(fh))
    assert back[2][:5] == ['\'=HYPERLINK("x")', "'-dash", "'+plus", "'@at", "'\ttab"]
    assert back[1][4] == "cr\rlf\r\n"  # risky only at the start
    assert excel_safe("\rstart") == "'\rstart"
    assert excel_safe(-3) == -3  # numbers are numbers, not text
    assert back[2][5:] == ["Zoë Łukasz", " lead space", "'", "€"]


def test_unknown_format_and_failed_write_leave_no_file(tmp_path):
    with pytest.raises(InvalidInputError, match="unsupported format"):
        write_table(tmp_path / "t.json", ["a"], [])
    assert list(tmp_path.iterdir()) == []


def test_an_xlsx_stopped_midway_leaves_no_file_and_no_traceback(tmp_path, monkeypatch):
    """Cancel while the rows are written (the app's segments export): no file, and the
    half-written sheet is closed there and then, not later by the garbage collector with
    an lxml error on stderr ("Exception ignored in: ... LxmlSyntaxError")."""
    unraised = []
    monkeypatch.setattr(sys, "unraisablehook", unraised.append)

    def rows():
        for i in range(1000):
            if i == 500:
                raise Cancelled()
            yield (i, f"row {i}")

    out = tmp_path / "segments.xlsx"
    with pytest.raises(Cancelled):
        write_table(out, ["n", "text"], rows())
    gc.collect()
    assert [u.exc_type.__name__ for u in unraised] == []
    assert list(tmp_path.iterdir()) == []
