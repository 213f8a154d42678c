"""The DuckDB warehouse: opening it with bounded memory, creating its schema, loading reference data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.core.datasets import TABLES
from pipelines.core.needs import NEEDS_FILE
from pipelines.core.settings import REFERENCE_DIR, Settings
from pipelines.core.sql import run_sql, sql_text
from pipelines.core.workspace import Workspace

SCHEMA_FILES = ("macros/parse", "macros/quantity", "schema/ledger", "schema/canonical")


def configure(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Bound memory and let big loads spill to the home's temp folder."""
    settings.temp_dir.mkdir(parents=True, exist_ok=True)
    con.execute("SET memory_limit = ?", [settings.memory_limit]).fetchall()
    con.execute("SET temp_directory = ?", [str(settings.temp_dir)]).fetchall()
    con.execute("SET preserve_insertion_order = true").fetchall()


@contextmanager
def open_warehouse(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A configured read-write connection to the warehouse file, closed on exit."""
    settings.home.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse))
    try:
        configure(con, settings)
        yield con
    finally:
        con.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create (idempotently) the macros, ledger, quarantine, canonical and retired-row tables."""
    for name in SCHEMA_FILES:
        run_sql(con, name)
    for table in TABLES.values():
        run_sql(con, "schema/retired", table=table)


def load_reference(con: duckdb.DuckDBPyConnection, workspace: Workspace, reference_dir: Path = REFERENCE_DIR) -> dict:
    """Reload code lists from CSV, the cluster's companies and sites from the mappings, and declared needs."""
    run_sql(con, "schema/reference", {name: str(reference_dir / f"{name}.csv")
                                      for name in ("materials", "units", "operations", "roles", "use_classes",
                                                   "substitutions", "transport", "material_quality")})
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        run_sql(con, "reference/reset_companies")
        for company_id, entry in workspace.companies.items():
            c = entry.mapping.company
            source = str(entry.mapping_path.relative_to(workspace.root))
            con.execute(sql_text("reference/insert_company"),
                        [company_id, c.name, c.org_number, c.role, c.expected_cadence, source]).fetchall()
            con.executemany(sql_text("reference/insert_site"),
                            [[s.id, company_id, s.name, s.role, s.lat, s.lon, source] for s in c.sites])
        for company_id, needs in workspace.needs.items():
            source = f"companies/{company_id}/{NEEDS_FILE}"
            for i, n in enumerate(needs):
                run_sql(con, "reference/insert_need", {
                    "company_id": company_id, "need_no": i, "site_id": n.site, "material": n.material,
                    "quantity": n.quantity_per_month, "unit": n.unit, "moisture_pct": n.moisture_pct,
                    "first_month": n.month_start(n.first_month), "last_month": n.month_start(n.last_month),
                    "max_moisture_pct": n.max_moisture_pct, "max_ash_pct": n.max_ash_pct,
                    "max_distance_km": n.max_distance_km, "replaces_purchases": n.replaces_purchases,
                    "note": n.note, "source": source})
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise
    counts = {}
    for table in ("ref_materials", "ref_units", "ref_operations", "ref_roles", "ref_companies", "ref_sites",
                  "declared_needs"):
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return counts


def unconverted_needs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A message for each declared need whose quantity has no dry-t equivalent (so it cannot be matched)."""
    return [f"{source}: needs[{no}]: {qty:g} {unit} of {material} has no dry-t equivalent (a non-wood material, "
            "or a unit without a conversion factor for it); it is left out of the matching"
            for source, no, qty, unit, material in run_sql(con, "reference/needs_not_converted")]


def reference_codes(reference_dir: Path = REFERENCE_DIR) -> dict[str, set[str]]:
    """The codes a mapping may name, read straight from the reference CSVs (no warehouse needed)."""
    con = duckdb.connect()
    try:
        out = {}
        for name in ("materials", "units", "operations", "roles"):
            rows = run_sql(con, "reference/codes", {"path": str(reference_dir / f"{name}.csv")})
            out[name] = {r[0] for r in rows}
        return out
    finally:
        con.close()
