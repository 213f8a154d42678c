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
from dataclasses import asdict, dataclass

import duckdb

from pipelines.core.sql import run_sql


@dataclass(frozen=True)
class Seen:
    company_id: str
    file_name: str
    status: str


@dataclass(frozen=True)
class Entry:
    """One ledger row."""

    file_hash: str
    company_id: str
    file_name: str
    export_name: str | None
    dataset: str | None
    size_bytes: int
    received_at: dt.datetime
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    duplicate_of: str | None = None
    message: str | None = None


def seen(con: duckdb.DuckDBPyConnection, file_hash: str) -> list[Seen]:
    """Every earlier sighting of these bytes, first first."""
    return [Seen(*r) for r in run_sql(con, "ledger/seen", {"file_hash": file_hash})]


def record(con: duckdb.DuckDBPyConnection, e: Entry) -> None:
    run_sql(con, "ledger/record", asdict(e))


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
