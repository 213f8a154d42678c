"""Publishing for analysts: a read-only snapshot of the warehouse and Parquet exports of the main
tables, each replaced atomically (written beside, then renamed), so a reader never sees a half-written
file and never holds the lock the writer needs.

    $SIDESTREAM_HOME/published/warehouse.duckdb      open with read_only=True
    $SIDESTREAM_HOME/published/parquet/<table>.parquet
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

from pipelines.core.datasets import TABLES
from pipelines.core.settings import Settings
from pipelines.core.sql import identifier, run_sql

#: the relations analysts get as Parquet too (any tool reads them)
PARQUET = [*TABLES.values(), "ref_materials", "ref_units", "ref_operations", "ref_companies", "ref_sites",
           "ingest_files", "lot_edges", "lot_nodes", "kpi_values", "material_flows", "production_batches",
           "sharing_opportunities_year", "heat_planning_month", "forwarding_balance"]


def published_dir(settings: Settings) -> Path:
    return settings.home / "published"


def snapshot_path(settings: Settings) -> Path:
    return published_dir(settings) / "warehouse.duckdb"


def publish(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, int]:
    """Write the snapshot and the Parquet files from the writer's connection; returns rows per export."""
    out = published_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:8]
    staged = out / f".warehouse-{token}.duckdb"
    ((database,),) = con.execute("SELECT current_database()").fetchall()
    try:
        run_sql(con, "publish/snapshot", {"path": str(staged)}, database=identifier(database))
        os.replace(staged, snapshot_path(settings))  # atomic on one filesystem: readers see old or new
    finally:
        staged.unlink(missing_ok=True)
        Path(f"{staged}.wal").unlink(missing_ok=True)
    staging_dir = out / f".parquet-{token}"
    staging_dir.mkdir()
    rows = {}
    try:
        for name in PARQUET:
            relation = con.table(identifier(name))
            relation.write_parquet(str(staging_dir / f"{name}.parquet"))
            ((rows[name],),) = con.execute(f"SELECT count(*) FROM {identifier(name)}").fetchall()
        _swap_dir(staging_dir, out / "parquet")
    finally:
        shutil.rmtree(staging_dir, ignore_errors=True)
    return rows


def _swap_dir(new: Path, target: Path) -> None:
    """Put a complete folder in place of another: the old one is renamed away first, then removed."""
    old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
