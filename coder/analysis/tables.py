"""Writing tables to files: CSV (UTF-8, RFC 4180) now; more formats by extension later."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from coder.errors import CoderError, InvalidInputError

EXCEL_RISKY = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(EXCEL_RISKY):
        return "'" + value
    return value


def write_table(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]], excel: bool = False
) -> int:
    """Write a table atomically (temporary file, then rename). Returns the number of rows.

    CSV is RFC 4180: comma separated, every field that needs it quoted (embedded
    newlines included), CRLF line ends, UTF-8 (with a BOM only when ``excel``).
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise InvalidInputError(f"{path.name}: unsupported format; use a .csv file name")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([excel_safe(v) for v in row] if excel else row)
                count += 1
        os.replace(tmp, path)
    except OSError as exc:
        raise CoderError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return count
