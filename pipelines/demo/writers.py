"""Write rendered rows as files: a company's CSV dialect or XLSX layout, byte-reproducibly.

CSV rows arrive as text already formatted by the renderer (decimal mark, thousands separator, date
format); XLSX rows arrive as typed cells and get date cells, or Excel serial numbers stored as plain
numbers for a company whose system exports them that way (see `xlsx.py`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pipelines.demo import xlsx
from pipelines.demo.spec import Dialect


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]], dialect: Dialect) -> None:
    """Windows-1252 files get CRLF line ends (as written on Windows), the others LF."""
    with path.open("w", encoding=dialect.encoding, newline="") as fh:
        end = "\r\n" if dialect.encoding == "windows-1252" else "\n"
        w = csv.writer(fh, delimiter=dialect.delimiter, lineterminator=end)
        w.writerow(header)
        w.writerows(rows)


def write_xlsx(path: Path, header: list[str], rows: Iterable[list[object]], dialect: Dialect, sheet: str,
               title: str) -> None:
    """Write one sheet (optionally a title line and a blank line above the header)."""
    serial = dialect.date_format == "excel_serial"

    def lines() -> Iterable[list[object]]:
        if dialect.title:
            yield [title]
            yield []
        yield header
        for r in rows:
            yield [xlsx.serial(v) if isinstance(v, date) else v for v in r] if serial else r

    xlsx.write_xlsx(path, lines(), sheet)
