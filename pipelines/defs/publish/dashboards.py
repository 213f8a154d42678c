"""The dashboards: one self-contained HTML file for the cluster and one per company."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.dashboard.page import write_all
from pipelines.core.publish import published_dir
from pipelines.defs.resources import WRITER_POOL, SidestreamConfig


@dg.asset(
    group_name="publish",
    pool=WRITER_POOL,
    deps=[dg.AssetKey(name) for name in ("kpi_values", "export_freshness", "sharing_opportunities",
                                         "heat_planning_month")],
    automation_condition=dg.AutomationCondition.eager(),
    description="Self-contained HTML dashboards (published/dashboards/): the cluster's, withholding figures that "
    "fewer than SIDESTREAM_MIN_COMPANIES (default 3) companies make up, and one per company with its own figures "
    "beside the cluster.",
)
def dashboards(duckdb: DuckDBResource, sidestream: SidestreamConfig) -> dg.MaterializeResult:
    out = published_dir(sidestream.settings) / "dashboards"
    with duckdb.get_connection() as con:
        written = write_all(con, out, sidestream.settings.min_companies)
    return dg.MaterializeResult(metadata={
        "cluster_dashboard": dg.MetadataValue.url(written["cluster"].as_uri()),
        "company_dashboards": dg.MetadataValue.json({k: v.as_uri() for k, v in written.items() if k != "cluster"}),
    })
