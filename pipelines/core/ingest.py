"""Loading export files into the canonical tables, one file per transaction.

For each file: hash it, skip it if that content was seen before, read it as text (readers.py),
rename its columns to canonical fields per the mapping, type and check every row in SQL
(sql/staging/<dataset>.sql, then sql/staging/quantity.sql), append good rows to the canonical table,
keep bad rows in quarantine with their reasons, and record the file in the ledger. All of it commits
together or not at all, so rows read = rows loaded + rows quarantined for every file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import duckdb

from pipelines.core import ledger
from pipelines.core.datasets import DATASETS, TABLES, Dataset
from pipelines.core.mapping import Export
from pipelines.core.readers import FileRejected, describe_read_error, open_source
from pipelines.core.settings import Settings
from pipelines.core.sql import quote_identifier, run_sql, sql_text
from pipelines.core.workspace import InboxFile, Workspace


@dataclass(frozen=True)
class FileResult:
    company_id: str
    file_name: str
    file_hash: str
    dataset: str | None
    status: str  # loaded | partially_loaded | rejected | duplicate | unchanged
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    superseded: tuple[str, ...] = ()
    message: str | None = None
    seconds: float = 0.0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_company(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, company_id: str, settings: Settings
) -> list[FileResult]:
    """Ingest every new file in the company's inbox, oldest first (so a later export supersedes)."""
    if company_id in workspace.errors:
        raise workspace.errors[company_id]
    run_sql(con, "macros/staging")
    con.executemany(
        "INSERT INTO stg_choices VALUES (?, ?)",
        [[f.name, c] for ds in DATASETS.values() for f in ds.fields for c in f.choices],
    )
    files = sorted(workspace.inbox_files(company_id), key=lambda f: (_stat(f).st_mtime, f.relative_name))
    return [ingest_file(con, f, settings) for f in files]


def ingest_file(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, settings: Settings) -> FileResult:
    """Ingest one file atomically: its rows, quarantine, ledger entry and any supersession commit
    together or not at all."""
    started = time.perf_counter()
    # a link out of the inbox is never opened; its ledger key is derived from its name instead
    file_hash = ("unread-" + hashlib.sha256(inbox_file.relative_name.encode()).hexdigest()[:57]
                 if inbox_file.outside else file_sha256(inbox_file.path))
    export = inbox_file.export
    base = FileResult(inbox_file.company_id, inbox_file.relative_name, file_hash,
                      export.dataset if export else None, "unchanged")
    earlier = ledger.seen(con, file_hash)
    if any(s.company_id == inbox_file.company_id and s.file_name == inbox_file.relative_name for s in earlier):
        return base
    if earlier:
        first = earlier[0]
        result = replace(base, status="duplicate", message=f"same bytes as {first.company_id}/{first.file_name} "
                         f"({first.status}); nothing loaded")
        _record(con, inbox_file, export, result, duplicate_of=first.file_name)
        return _timed(result, started)
    try:
        if export is None:
            raise FileRejected(inbox_file.problem or "no export applies")
        size_mb = inbox_file.path.stat().st_size / 1e6
        if size_mb > settings.max_file_mb:
            raise FileRejected(f"the file is {size_mb:,.3f} MB, above the limit of {settings.max_file_mb:,g} MB "
                               "(SIDESTREAM_MAX_FILE_MB); split the export or raise the limit")
        with _staged(con, inbox_file, export, settings.temp_dir):
            con.execute("BEGIN TRANSACTION").fetchall()
            try:
                result = _timed(_load(con, inbox_file, export, base), started)
                _record(con, inbox_file, export, result)
                con.execute("COMMIT").fetchall()
            except BaseException:
                con.execute("ROLLBACK").fetchall()
                raise
    except (FileRejected, duckdb.Error) as exc:
        message = str(exc) if isinstance(exc, FileRejected) else f"could not be loaded: {_short(exc)}"
        result = _timed(replace(base, status="rejected", message=message), started)
        _record(con, inbox_file, export, result)
    return result


@contextmanager
def _staged(
    con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, export: Export, temp_dir: Path
) -> Iterator[None]:
    """Stage the file as the temp table stg_file: its mapped columns renamed to canonical fields,
    constants filled in, every value trimmed once (NULL when blank), all text.

    The reader fills the table in parallel and in file order, so rowid + 1 is the data row number
    (row_number() OVER () on the stream forced the whole load onto one thread and took twice as
    long). It runs outside the load transaction: rowids of rows inserted inside a transaction are
    not 0-based, and a temp table holds nothing durable.
    """
    dataset = DATASETS[export.dataset]
    con.execute("DELETE FROM stg_value_map").fetchall()
    pairs = [[kind, theirs, ours] for kind, m in export.values.items() for theirs, ours in m.items()]
    if pairs:
        con.executemany(sql_text("staging/value_map"), pairs)
    with open_source(con, inbox_file.path, export, temp_dir) as columns:
        select, params = _staging_select(dataset, export, columns)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE stg_file AS {select}", params or None).fetchall()
        except duckdb.Error as exc:
            raise FileRejected(describe_read_error(exc, export)) from None
    run_sql(con, "staging/raw_rows")
    try:
        yield
    finally:
        con.execute("DROP TABLE IF EXISTS stg_file").fetchall()


def _load(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, export: Export, base: FileResult) -> FileResult:
    dataset = DATASETS[export.dataset]
    table = TABLES[dataset.name]
    params = {
        "decimal": export.decimal, "thousands": export.thousands,
        "date_format": export.strptime_format, "date_name": export.date_format,
        "file_hash": base.file_hash, "company_id": inbox_file.company_id, "dataset": dataset.name,
    }
    ((period_start, period_end),) = run_sql(con, "staging/file_period", params, time_field=dataset.time_field)
    replaced: list[str] = []
    overlapping: list[str] = []
    if period_start is not None:
        replaced, overlapping = ledger.supersede(
            con, company_id=inbox_file.company_id, export_name=export.name,
            period=(period_start, period_end), new_hash=base.file_hash, tables=[table],
        )
    if dataset.prepare:
        run_sql(con, dataset.prepare)
    ready = {"ready": "staging/quantity", "typed": f"staging/{dataset.name}"}
    ((loaded,),) = run_sql(con, "staging/load_rows", params, fragments=ready, table=table)
    ((read, first, last),) = run_sql(con, "staging/file_counts", params, table=table, time_field=dataset.time_field)
    if export.format == "stanford_hpr":
        _record_plots(con, inbox_file, export, base.file_hash)
    quarantined = 0
    if loaded < read:
        ((quarantined,),) = run_sql(con, "staging/quarantine_rows", params, fragments=ready)
    if read == 0:
        raise FileRejected("the file has a header but no data rows")
    if loaded + quarantined != read:
        raise RuntimeError(f"row accounting failed: read {read} != loaded {loaded} + quarantined {quarantined}")
    status = "loaded" if quarantined == 0 else ("partially_loaded" if loaded else "rejected")
    notes = []
    if not loaded:
        notes.append(f"all {read} rows failed; see quarantine_rows")
    if replaced:
        notes.append(f"supersedes {', '.join(replaced)}")
    if overlapping:
        notes.append(f"warning: period {period_start}..{period_end} overlaps {', '.join(overlapping)}, "
                     "which stay loaded; export the same period to replace a file")
    return replace(base, status=status, rows_read=read, rows_loaded=loaded, rows_quarantined=quarantined,
                   first_date=first, last_date=last, period_start=period_start, period_end=period_end,
                   superseded=tuple(replaced), message="; ".join(notes) or None)


def _record_plots(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, export: Export, file_hash: str) -> None:
    """A harvester file's plots (hull of its stems per sub-object), in the load's transaction."""
    import json

    from pipelines.core.stanford import plots, read_hpr

    site = export.constants.get("site")
    if site is None:
        raise FileRejected("a stanford_hpr export needs the harvest site as a constant (constants: {site: ...})")
    rows = [[file_hash, inbox_file.company_id, site, p["object_key"], p["subobject_key"], p["name"], p["stems"],
             p["area_ha"], p["lat"], p["lon"], json.dumps(p["hull"])] for p in plots(read_hpr(inbox_file.path))]
    if rows:
        con.executemany(sql_text("ledger/insert_plot"), rows)


def _staging_select(dataset: Dataset, export: Export, columns: list[str]) -> tuple[str, list[str]]:
    """SELECT of the file's mapped columns as canonical fields (constants bound, unmapped fields NULL)."""
    missing = [f"'{col}' (for {name})" for name, col in export.columns.items() if col not in columns]
    if missing:
        raise FileRejected(
            f"missing column(s) {', '.join(missing)}; the header row {export.header_row} has: "
            f"{', '.join(repr(c) for c in columns[:30])}"
        )
    items, params = [], []
    for name in dataset.field_names:
        if name in export.columns:
            items.append(f"clean_text(CAST({quote_identifier(export.columns[name])} AS VARCHAR)) AS {name}")
        elif name in export.constants:
            items.append(f"clean_text(CAST(? AS VARCHAR)) AS {name}")
            params.append(export.constants[name])
        else:
            items.append(f"CAST(NULL AS VARCHAR) AS {name}")
    return f"SELECT {', '.join(items)} FROM stg_source", params


def _record(con: duckdb.DuckDBPyConnection, inbox_file: InboxFile, export: Export | None, r: FileResult,
            duplicate_of: str | None = None) -> None:
    """Write the file's ledger row: its result plus what only the ledger keeps (size, time, export)."""
    stat = _stat(inbox_file)
    ledger.record(con, asdict(r), export_name=export.name if export else None, size_bytes=stat.st_size,
                  received_at=dt.datetime.fromtimestamp(stat.st_mtime), duplicate_of=duplicate_of)


def _stat(inbox_file: InboxFile) -> os.stat_result:
    """The file's metadata; for a link out of the inbox, the link's own."""
    return inbox_file.path.lstat() if inbox_file.outside else inbox_file.path.stat()


def _timed(r: FileResult, started: float) -> FileResult:
    return replace(r, seconds=round(time.perf_counter() - started, 3))


def _short(exc: Exception) -> str:
    return " ".join(str(exc).strip().splitlines()[:3])
