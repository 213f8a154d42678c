"""Readers: turn one export file into a DuckDB relation of text columns, streaming where possible.

CSV is read by DuckDB itself with every column as VARCHAR and the dialect from the mapping (typing
happens afterwards in SQL, so a bad value becomes a message on its row instead of a failed file).
Windows-1252, which DuckDB cannot decode without a downloadable extension, is transcoded to UTF-8
in fixed-size chunks first. XLSX is read with calamine into an Arrow table of strings; StanForD 2010
harvester and forwarder files are read streaming into one (pipelines/core/stanford.py).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.core.mapping import Export
from pipelines.core.sql import sql_text

CHUNK = 1 << 20
XLSX_BATCH = 50_000


class FileRejected(Exception):
    """A file that cannot be read as its export declares; the message says what and where."""


@contextmanager
def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, export: Export, temp_dir: Path
) -> Iterator[list[str]]:
    """Register the file as the relation `stg_source` (all text columns) and yield its column names."""
    if path.stat().st_size == 0:
        raise FileRejected("the file is empty (0 bytes)")
    if export.format in ("xlsx", "stanford_hpr", "stanford_fpr"):
        table = read_xlsx(path, export) if export.format == "xlsx" else _read_stanford(path, export.format)
        con.register("stg_source", table)
        try:
            yield table.column_names
        finally:
            con.unregister("stg_source")
        return
    _refuse_bom_under_single_byte_encoding(path, export)
    with _utf8_copy(path, export, temp_dir) as (csv_path, encoding):
        columns = read_csv_header(csv_path, export, "utf-8-sig" if encoding == "utf-8" else encoding)
        try:
            relation = con.sql(
                sql_text("staging/read_csv"),
                params={
                    "path": str(csv_path), "delim": export.delimiter, "quote": export.quote,
                    "skip": export.header_row - 1, "encoding": encoding,
                    "columns": dict.fromkeys(columns, "VARCHAR"),
                },
            )
        except duckdb.Error as exc:
            raise FileRejected(describe_read_error(exc, export)) from None
        con.register("stg_source", relation)
        try:
            yield columns
        finally:
            con.unregister("stg_source")


def _read_stanford(path: Path, fmt: str) -> pa.Table:
    from pipelines.core.stanford import StanfordError, fpr_table, hpr_table

    read, kind = (hpr_table, "harvester") if fmt == "stanford_hpr" else (fpr_table, "forwarder")
    try:
        return read(path)
    except StanfordError as exc:
        raise FileRejected(f"cannot read as StanForD 2010 {kind} file: {exc}") from None


def read_csv_header(path: Path, export: Export, encoding: str) -> list[str]:
    """The column names in line `header_row`, split with the export's delimiter and quote (no sniffing)."""
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        for _ in range(export.header_row - 1):
            f.readline()
        line = f.readline()
    names = next(csv.reader([line.rstrip("\r\n")], delimiter=export.delimiter, quotechar=export.quote), [])
    if not any(n.strip() for n in names):
        raise FileRejected(f"no header in line {export.header_row}")
    return _unique_names([n.strip() for n in names])


def describe_read_error(exc: Exception, export: Export) -> str:
    """DuckDB's reader error as a steward reads it: the problem and the line, without internals."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    keep = []
    for ln in lines[:4]:
        if ln.startswith(("Possible", "file =", "delimiter =", "quote =")):
            break
        ln = re.sub(r"^(Invalid Input Error|Conversion Error|IO Error): ", "", ln)
        keep.append(ln if len(ln) <= 160 else ln[:160] + f"… ({len(ln):,} characters)")
    return f"cannot read as CSV ({export.encoding}, delimiter {export.delimiter!r}): {' '.join(keep)}"


def _refuse_bom_under_single_byte_encoding(path: Path, export: Export) -> None:
    if export.encoding in ("windows-1252", "latin-1"):
        with path.open("rb") as f:
            if f.read(3) == codecs.BOM_UTF8:
                raise FileRejected(f"the file starts with a UTF-8 byte-order mark but the mapping declares "
                                   f"{export.encoding}; if the file is UTF-8, declare encoding: utf-8-sig")


@contextmanager
def _utf8_copy(path: Path, export: Export, temp_dir: Path) -> Iterator[tuple[Path, str]]:
    """The file itself when DuckDB can decode it, else a UTF-8 transcoded temp copy."""
    if export.encoding != "windows-1252":
        yield path, ("latin-1" if export.encoding == "latin-1" else "utf-8")
        return
    temp_dir.mkdir(parents=True, exist_ok=True)
    target = temp_dir / f"transcoded-{path.name}.csv"
    decoder = codecs.getincrementaldecoder("cp1252")()
    offset = 0
    try:
        with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(CHUNK):
                try:
                    dst.write(decoder.decode(chunk))
                except UnicodeDecodeError as exc:
                    line = _line_of(path, offset + exc.start)
                    raise FileRejected(
                        f"byte 0x{chunk[exc.start]:02x} at offset {offset + exc.start} (line {line}) is not "
                        "valid Windows-1252; check the declared encoding"
                    ) from None
                offset += len(chunk)
            dst.write(decoder.decode(b"", final=True))
        yield target, "utf-8"
    finally:
        target.unlink(missing_ok=True)


def read_xlsx(path: Path, export: Export) -> pa.Table:
    """One sheet as an Arrow table of strings, header from `header_row`, numbers in the export's dialect."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken archives
        raise FileRejected(f"cannot open as XLSX: {exc}") from None
    sheet_name = export.sheet or book.sheet_names[0]
    if sheet_name not in book.sheet_names:
        raise FileRejected(f"sheet {sheet_name!r} not found; the workbook has: {', '.join(book.sheet_names)}")
    rows = book.get_sheet_by_name(sheet_name).iter_rows()
    for _ in range(export.header_row - 1):
        next(rows, None)
    header = next(rows, None)
    if header is None or not any(str(h).strip() for h in header):
        raise FileRejected(f"sheet {sheet_name!r} has no header in row {export.header_row}")
    names = _unique_names([str(h).strip() for h in header])
    batches = []
    buffer: list[list[str | None]] = []
    for row in rows:
        buffer.append([_cell_text(v, export.decimal) for v in row])
        if len(buffer) >= XLSX_BATCH:
            batches.append(_to_batch(buffer, names))
            buffer = []
    batches.append(_to_batch(buffer, names))
    return pa.Table.from_batches(batches)


def _to_batch(rows: list[list[str | None]], names: list[str]) -> pa.RecordBatch:
    # drop trailing blank rows' effect: a row of all None is kept (it is a row), padding ragged rows
    width = len(names)
    columns = [[(r[i] if i < len(r) else None) for r in rows] for i in range(width)]
    return pa.RecordBatch.from_arrays([pa.array(c, type=pa.string()) for c in columns], names=names)


def _cell_text(value: object, decimal: str) -> str | None:
    """A cell as the text a CSV export would hold: dates ISO, numbers with the export's decimal mark."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.10f}".rstrip("0")
        return text.replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = name or f"column{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _line_of(path: Path, offset: int) -> int:
    line = 1
    with path.open("rb") as f:
        remaining = offset
        while remaining > 0 and (chunk := f.read(min(CHUNK, remaining))):
            line += chunk.count(b"\n")
            remaining -= len(chunk)
    return line


