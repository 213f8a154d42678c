"""The analysts' read-only snapshot and Parquet exports, replaced atomically after every build."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.publish import publish, snapshot_path
from pipelines.defs.model.assets import MODELS
from pipelines.defs.resources import WRITER_POOL, SidestreamConfig


@dg.asset(
    group_name="publish",
    pool=WRITER_POOL,
    deps=[dg.AssetKey(name) for name in MODELS],
    automation_condition=dg.AutomationCondition.eager(),
    description="A read-only copy of the warehouse (published/warehouse.duckdb) and Parquet exports of the main "
    "tables (published/parquet/), each written beside and renamed into place, so analysts can read while the "
    "next ingest runs.",
)
def analyst_snapshot(duckdb: DuckDBResource, sidestream: SidestreamConfig) -> dg.MaterializeResult:
    settings = sidestream.settings
    with duckdb.get_connection() as con:
        rows = publish(con, settings)
    path = snapshot_path(settings)
    return dg.MaterializeResult(metadata={
        "snapshot": dg.MetadataValue.path(str(path)),
        "snapshot_mb": dg.MetadataValue.float(round(path.stat().st_size / 1e6, 1)),
        "parquet_exports": dg.MetadataValue.json(rows),
    })
