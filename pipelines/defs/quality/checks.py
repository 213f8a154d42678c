"""Asset checks: each canonical table against its expectation suite, after every ingest.

Two checks per table: `expectations` (error severity, blocking: downstream models do not build
on failed data) and `warnings` (suspicious, not wrong: interim R/D codes, a material the sender
never had, a company's rows moving by more than half against its previous month).
"""

import datetime as dt

import dagster as dg
import duckdb

from pipelines.core.datasets import DATASETS
from pipelines.core.sql import run_sql
from pipelines.defs.ingest.assets import canonical_key
from pipelines.defs.resources import WRITER_POOL, SidestreamConfig
from pipelines.quality import report, suites

#: a company's latest month may differ from its previous one by this fraction before it is flagged
ROW_COUNT_TOLERANCE = 0.5


def _table_checks(dataset: str) -> dg.AssetChecksDefinition:
    ds = DATASETS[dataset]
    key = canonical_key(dataset)

    @dg.multi_asset_check(
        name=f"{ds.table}_quality",
        specs=[
            dg.AssetCheckSpec("expectations", asset=key, blocking=True,
                              description=f"every row of {ds.table} meets the error rules of its suite"),
            dg.AssetCheckSpec("warnings", asset=key,
                              description=f"suspicious rows in {ds.table}, and row counts against last month"),
        ],
        pool=WRITER_POOL,  # reads the warehouse file, which a writer in another run would lock
    )
    def _check(context: dg.AssetCheckExecutionContext, sidestream: SidestreamConfig):
        from pipelines.quality.gx_runner import validate

        settings = sidestream.settings
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            sites = [r[0] for r in con.execute("SELECT site_id FROM ref_sites").fetchall()]
            rows = con.execute(f"SELECT count(*) FROM {ds.table}").fetchone()[0]
        suite = suites.resolve(suites.load(dataset), sites=sites, today=dt.date.today())
        outcomes = validate(settings.warehouse, ds.table, suite,
                            duckdb_config={"memory_limit": settings.memory_limit}) if rows else []
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            errors = report.failures(con, ds.table, outcomes, "error")
            warnings = report.failures(con, ds.table, outcomes, "warning")
            trend = run_sql(con, "quality/row_count_trend", {"tolerance": ROW_COUNT_TOLERANCE},
                            table=ds.table, time_field=ds.time_field)
        for company, month, n, previous_month, previous in trend:
            warnings.append(report.Failure("row_count_vs_previous_month", None,
                                           f"{company}: {n} rows in {month} vs {previous} in {previous_month}",
                                           n, [], [], None))
        for f in errors:
            context.log.error(f"{ds.table}: {f.line()}")
        common = {"rows_checked": dg.MetadataValue.int(rows),
                  "expectations": dg.MetadataValue.int(len(suite["expectations"]))}
        yield dg.AssetCheckResult(
            check_name="expectations", asset_key=key, passed=not errors, severity=dg.AssetCheckSeverity.ERROR,
            metadata={**common, "failed": dg.MetadataValue.int(len(errors)),
                      "details": dg.MetadataValue.md(report.markdown(errors)),
                      "summary": dg.MetadataValue.text("\n".join(f.line() for f in errors))},
        )
        yield dg.AssetCheckResult(
            check_name="warnings", asset_key=key, passed=not warnings, severity=dg.AssetCheckSeverity.WARN,
            metadata={**common, "flagged": dg.MetadataValue.int(len(warnings)),
                      "details": dg.MetadataValue.md(report.markdown(warnings)),
                      "summary": dg.MetadataValue.text("\n".join(f.line() for f in warnings))},
        )

    return _check


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    return [_table_checks(name) for name in DATASETS]
