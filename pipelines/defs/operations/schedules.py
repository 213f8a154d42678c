"""Schedules: the nightly refresh and the monthly period report (Europe/Oslo time)."""

import datetime as dt

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.publish import published_dir
from pipelines.core.report import period_report as render_report
from pipelines.core.report import write_atomically
from pipelines.defs.jobs import refresh_job, report_job
from pipelines.defs.resources import WRITER_POOL, SidestreamConfig

MONTHS = dg.MonthlyPartitionsDefinition(start_date="2024-11-01", timezone="Europe/Oslo", end_offset=0)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh", job=refresh_job, cron_schedule="0 2 * * *", execution_timezone="Europe/Oslo",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00: reload reference data, rebuild models and KPIs, publish the snapshot.",
)


@dg.asset(
    partitions_def=MONTHS,
    group_name="publish",
    pool=WRITER_POOL,
    deps=[dg.AssetKey("kpi_values")],
    description="The cluster's KPI report for a month (cluster figures only), published/reports/<YYYY-MM>.md.",
)
def period_report(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                  sidestream: SidestreamConfig) -> dg.MaterializeResult:
    month = dt.date.fromisoformat(context.partition_key)
    with duckdb.get_connection() as con:
        text = render_report(con, month)
    path = published_dir(sidestream.settings) / "reports" / f"{month:%Y-%m}.md"
    write_atomically(path, text)
    return dg.MaterializeResult(metadata={"report": dg.MetadataValue.path(str(path)),
                                          "preview": dg.MetadataValue.md(text)})


#: on the 2nd of each month at 06:00, the report for the month that just ended
monthly_report = dg.build_schedule_from_partitioned_job(
    report_job, hour_of_day=6, day_of_month=2, default_status=dg.DefaultScheduleStatus.RUNNING,
)
