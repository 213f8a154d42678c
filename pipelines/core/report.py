"""The monthly period report: the cluster's KPIs and what data came in, as Markdown."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

from pipelines.core.sql import query_sql


def period_report(con: duckdb.DuckDBPyConnection, month: dt.date) -> str:
    _, kpis = query_sql(con, "reports/period_kpis", {"month": month})
    _, files = query_sql(con, "reports/period_files", {"month": month})
    lines = [f"# Cluster report {month:%Y-%m}", "", "## KPIs (whole cluster)", ""]
    if kpis:
        lines += ["| KPI | value | numerator | denominator | unit | note |", "|---|---:|---:|---:|---|---|"]
        for kpi, value, num, den, unit, reason in kpis:
            lines.append(f"| {kpi} | {_num(value, 3)} | {_num(num, 1)} | {_num(den, 1)} | {unit} | {reason or ''} |")
    else:
        lines.append("No KPI has data for this month.")
    lines += ["", "## Data received for the month", ""]
    if files:
        lines += ["| status | files | rows read | rows quarantined | companies |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {s} | {f} | {r} | {q} | {c} |" for s, f, r, q, c in files]
    else:
        lines.append("No files cover this month.")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:,.{digits}f}"
