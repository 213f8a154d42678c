"""Turning expectation outcomes into what a steward reads: which rule failed, on which column, how
many rows, sample values, and the files and rows where they sit."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.core.sql import run_sql
from pipelines.quality.gx_runner import ExpectationOutcome


@dataclass(frozen=True)
class Failure:
    expectation: str
    column: str | None
    description: str | None
    unexpected: int | None
    sample: list
    where: list[tuple[str, int]]  # (file name, row number)
    error: str | None

    def line(self) -> str:
        what = f"{self.expectation}" + (f" on {self.column}" if self.column else "")
        why = f" ({self.description})" if self.description else ""
        if self.error:
            return f"{what}{why}: could not be evaluated: {self.error}"
        places = ", ".join(f"{name} row {row}" for name, row in self.where)
        return (f"{what}{why}: {self.unexpected} rows"
                + (f"; sample {self.sample[:5]}" if self.sample else "")
                + (f"; e.g. {places}" if places else ""))


def failures(
    con: duckdb.DuckDBPyConnection, table: str, outcomes: list[ExpectationOutcome], severity: str
) -> list[Failure]:
    """The failed outcomes of one severity, each located in files and rows where possible."""
    return [
        Failure(o.expectation, o.column, o.description, o.unexpected_count, list(o.unexpected_sample),
                [] if o.exception else locate(con, table, o), o.exception and o.exception.splitlines()[0])
        for o in outcomes if not o.success and o.severity == severity
    ]


def locate(con: duckdb.DuckDBPyConnection, table: str, o: ExpectationOutcome) -> list[tuple[str, int]]:
    """Up to 5 (file, row) places of an outcome's unexpected values or rows."""
    rows = [r for r in o.unexpected_sample if isinstance(r, dict) and "file_hash" in r and "source_row" in r]
    if rows:
        found = run_sql(con, "quality/locate_rows", {"hashes": [r["file_hash"] for r in rows],
                                                     "rows": [int(r["source_row"]) for r in rows]})
        return [(name, int(row)) for name, row in found]
    if not o.column or "," in o.column:
        return []
    values = [v for v in o.unexpected_sample if not isinstance(v, dict | list)]
    nulls = o.expectation == "expect_column_values_to_not_be_null"
    if not values and not nulls:
        return []
    found = run_sql(con, "quality/locate_values", {"values": [str(v) for v in values], "nulls": nulls},
                    table=table, column=o.column)
    return [(name, int(row)) for name, row, _ in found]


def markdown(items: list[Failure]) -> str:
    if not items:
        return "all passed"
    lines = ["| expectation | column | rows | sample | where | note |", "|---|---|---|---|---|---|"]
    for f in items:
        where = "; ".join(f"{n} row {r}" for n, r in f.where)
        note = f.error or f.description or ""
        lines.append(f"| {f.expectation} | {f.column or ''} | {f.unexpected if f.unexpected is not None else ''} "
                     f"| {', '.join(map(str, f.sample[:5]))} | {where} | {note} |")
    return "\n".join(lines)
