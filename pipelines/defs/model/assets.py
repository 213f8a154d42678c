"""Model views over the canonical tables (sql/model/*.sql), rebuilt after each ingest."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.settings import MODEL_PARAMETERS
from pipelines.core.sql import run_sql
from pipelines.defs.ingest.assets import REFERENCE_KEY, canonical_key
from pipelines.defs.resources import WRITER_POOL

#: model asset -> (description, datasets it reads, SQL files it runs in order; the first creates the
#: relation named like the asset)
MODELS = {
    "production_batches": ("Production batches with inputs and outputs in canonical units.", ["production"],
                           ["model/production_batches"]),
    "material_flows": ("Every movement from a site to a receiver: shipments, treatments, energy deliveries.",
                       ["shipments", "treatments", "energy"], ["model/material_flows"]),
    "kpi_values": ("Utilization KPIs per month and year, per company and for the cluster (docs/kpis.md): "
                   "sawing yield, by-product generation and utilization, inter-company exchange, recovery and "
                   "disposal rates, surplus-heat utilization, shipment reconciliation, mass-balance closure.",
                   ["production", "shipments", "receipts", "treatments", "energy"],
                   ["kpi/macros", "kpi/settings", "kpi/sawing_yield", "kpi/byproducts", "kpi/treatments",
                    "kpi/surplus_heat", "kpi/reconciliation", "kpi/mass_balance", "kpi/mci_macro", "kpi/mci",
                    "kpi/values"]),
    "export_freshness": ("Per company and export: the last day covered, when the next export is due "
                         "(cadence from the mapping) and whether it is overdue.",
                         ["production", "shipments", "receipts", "stock", "energy", "treatments", "forwarding"],
                         ["model/export_freshness"]),
    "sharing_opportunities": ("Resource sharing: by-product surplus (to disposal, out of the cluster, or burned "
                              "though a material use exists) matched to wood members buy from outside or declare "
                              "they need, checked against the needs' moisture, ash and distance limits, ranked by "
                              "the gain in the cascade, quantity and distance, with reasons (docs/sharing.md).",
                              ["production", "shipments", "receipts", "treatments"], ["sharing/opportunities"]),
    "heat_planning_month": ("Heat planning per month: surplus heat recoverable and delivered against "
                            "district-heating demand; coverage, unused potential and the seasonal profile.",
                            ["energy"], ["sharing/heat"]),
    "forwarding_balance": ("Forwarded against harvested wood per harvest site, object and material (m3 solid): "
                           "the difference is wood left in the forest, or forwarded without a harvest record.",
                           ["production", "forwarding"], ["model/forwarding_balance"]),
    "lot_edges": ("Lot genealogy: production input -> output lots, shipped -> received lots, with shares; "
                  "lot_nodes with each lot's origin; the trace_up / trace_down / lot_origins macros.",
                  ["production", "shipments", "receipts"],
                  ["model/lot_edges", "model/lot_nodes", "model/trace_macros"]),
}


def _model_asset(name: str, doc: str, datasets: list[str], files: list[str]) -> dg.AssetsDefinition:
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
            for file in files:
                run_sql(con, file, MODEL_PARAMETERS)
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
    return [_model_asset(name, doc, datasets, files) for name, (doc, datasets, files) in MODELS.items()]


def _markdown(columns: list[str], rows: list[tuple]) -> str:
    if not rows:
        return "empty"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


@dg.asset_check(asset="export_freshness", pool=WRITER_POOL,
                description="Warns when a company's export is overdue against its expected cadence.")
def exports_on_time(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        result = con.execute("SELECT company_id, export_name, expected_cadence, covered_until, due_by "
                             "FROM export_freshness WHERE overdue")
        columns = [d[0] for d in result.description]
        overdue = result.fetchall()
    return dg.AssetCheckResult(
        passed=not overdue, severity=dg.AssetCheckSeverity.WARN,
        metadata={"flagged": dg.MetadataValue.int(len(overdue)),
                  "details": dg.MetadataValue.md(_markdown(columns, overdue)),
                  "summary": dg.MetadataValue.text("\n".join(
                      f"{company}/{export or '(no file yet)'}: {cadence} export covering to {covered or '-'} "
                      f"was due by {due or '-'}" for company, export, cadence, covered, due in overdue))},
    )
