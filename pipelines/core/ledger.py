"""The ingestion ledger: which bytes were seen under which name, and what became of each file.

Three rules keep the canonical tables free of double counting:
- the same bytes under the same name are skipped (`unchanged`), under another name they are recorded
  as a `duplicate` and change nothing;
- a new file for the same company, export and period replaces the earlier one: the earlier file
  becomes `superseded` and its rows move to `<table>_retired`, in the same transaction as the load;
- a file that only overlaps an earlier file's period is loaded and flagged with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.core.sql import run_sql


@dataclass(frozen=True)
class Seen:
    company_id: str
    file_name: str
    status: str


def seen(con: duckdb.DuckDBPyConnection, file_hash: str) -> list[Seen]:
    """Every earlier sighting of these bytes, first first."""
    return [Seen(*r) for r in run_sql(con, "ledger/seen", {"file_hash": file_hash})]


def record(con: duckdb.DuckDBPyConnection, result: Mapping[str, Any], *, export_name: str | None, size_bytes: int,
           received_at: dt.datetime, duplicate_of: str | None = None) -> None:
    """One ledger row: the ingest result's fields (status, row counts, dates, message) and the file's own."""
    run_sql(con, "ledger/record", {**result, "export_name": export_name, "size_bytes": size_bytes,
                                   "received_at": received_at, "duplicate_of": duplicate_of})


def supersede(
    con: duckdb.DuckDBPyConnection,
    *,
    company_id: str,
    export_name: str,
    period: tuple[dt.date, dt.date],
    new_hash: str,
    tables: list[str],
) -> tuple[list[str], list[str]]:
    """Retire the active files the new one replaces; return (replaced, merely overlapping) file names.

    Must run inside the load's transaction, before the new rows go in.
    """
    candidates = run_sql(con, "ledger/supersedable", {
        "company_id": company_id, "export_name": export_name,
        "period_start": period[0], "period_end": period[1],
    })
    replaced, overlapping = [], []
    for old_hash, file_name, _start, _end, replaces in candidates:
        if not replaces:
            overlapping.append(file_name)
            continue
        for table in tables:
            run_sql(con, "ledger/retire_rows", {"file_hash": old_hash, "superseded_by": new_hash}, table=table)
        run_sql(con, "ledger/mark_superseded", {"superseded_by": new_hash, "file_hash": old_hash,
                                                "company_id": company_id, "file_name": file_name})
        replaced.append(file_name)
    return replaced, overlapping
