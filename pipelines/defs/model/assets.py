"""Model views over the canonical tables (sql/model/*.sql), rebuilt after each ingest."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.sql import run_sql
from pipelines.defs.ingest.assets import REFERENCE_KEY, canonical_key
from pipelines.defs.resources import WRITER_POOL

MODELS = {
    "production_batches": ("Production batches with inputs and outputs in canonical units.", ["production"]),
    "material_flows": ("Every movement from a site to a receiver: shipments, treatments, energy deliveries.",
                       ["shipments", "treatments", "energy"]),
}


def _model_asset(name: str, doc: str, datasets: list[str]) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name="model",
        pool=WRITER_POOL,
        deps=[REFERENCE_KEY, *[canonical_key(d) for d in datasets]],
        description=doc,
        automation_condition=dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed(),
    )
    def _model(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with duckdb.get_connection() as con:
            run_sql(con, f"model/{name}")
            rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            result = con.execute(f"SELECT * FROM {name} LIMIT 5")
            columns = [d[0] for d in result.description]
            preview = result.fetchall()
        return dg.MaterializeResult(metadata={
            "rows": dg.MetadataValue.int(rows),
            "preview": dg.MetadataValue.md(_markdown(columns, preview)),
        })

    return _model


def build_model_assets() -> list[dg.AssetsDefinition]:
    return [_model_asset(name, doc, datasets) for name, (doc, datasets) in MODELS.items()]


def _markdown(columns: list[str], rows: list[tuple]) -> str:
    if not rows:
        return "empty"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
