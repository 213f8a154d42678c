"""Reference data and the canonical tables, ingested per company (one partition per company)."""


from collections import defaultdict

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.datasets import DATASETS, TABLES
from pipelines.core.ingest import FileResult, ingest_company
from pipelines.core.warehouse import create_schema, load_reference, reference_codes, unconverted_needs
from pipelines.core.workspace import Workspace, load_workspace
from pipelines.defs.resources import WRITER_POOL, SidestreamConfig

REFERENCE_KEY = dg.AssetKey("reference_data")


def canonical_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(TABLES[dataset])


def build_ingest_assets(company_ids: list[str]) -> list[dg.AssetsDefinition]:
    companies = dg.StaticPartitionsDefinition(company_ids)

    @dg.asset(
        key=REFERENCE_KEY,
        group_name="reference",
        pool=WRITER_POOL,
        description="Code lists and conversion factors (data/reference) and the cluster's companies and sites "
        "(from the mappings), with the warehouse schema.",
    )
    def reference_data(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, sidestream: SidestreamConfig
    ) -> dg.MaterializeResult:
        settings = sidestream.settings
        settings.temp_dir.mkdir(parents=True, exist_ok=True)
        workspace = _workspace(sidestream)
        for company_id, error in workspace.errors.items():
            context.log.error(f"mapping of {company_id} is not usable:\n{error}")
        needs_problems = [str(e) for e in workspace.needs_errors.values()]
        with duckdb.get_connection() as con:
            create_schema(con)
            counts = load_reference(con, workspace)
            needs_problems += unconverted_needs(con)
        for problem in needs_problems:
            context.log.warning(f"declared needs left out of resource sharing:\n{problem}")
        return dg.MaterializeResult(metadata={
            **{f"rows_{table}": dg.MetadataValue.int(n) for table, n in counts.items()},
            "companies_with_mapping_errors": dg.MetadataValue.json(sorted(workspace.errors)),
            "declared_needs_problems": dg.MetadataValue.json(needs_problems),
        })

    @dg.multi_asset(
        specs=[
            dg.AssetSpec(canonical_key(name), group_name="canonical", deps=[REFERENCE_KEY],
                         description=ds.doc, skippable=True,
                         metadata={"dagster/column_schema": _schema(name)})
            for name, ds in DATASETS.items()
        ],
        partitions_def=companies,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool=WRITER_POOL,
        name="ingest_company_exports",
        description="Ingest every new file in each company's inbox into the canonical tables.",
    )
    def ingest_company_exports(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, sidestream: SidestreamConfig
    ):
        workspace = _workspace(sidestream)
        results: list[FileResult] = []
        broken = []
        with duckdb.get_connection() as con:
            for company_id in context.partition_keys:
                if company_id in workspace.errors:
                    context.log.error(f"skipping {company_id}: unusable mapping\n{workspace.errors[company_id]}")
                    broken.append(company_id)
                    continue
                company_results = ingest_company(con, workspace, company_id, sidestream.settings)
                for r in company_results:
                    log = context.log.warning if r.status in ("rejected", "partially_loaded") else context.log.info
                    log(f"{r.company_id}/{r.file_name}: {r.status} {r.rows_loaded}/{r.rows_read} rows"
                        + (f" — {r.message}" if r.message else ""))
                results.extend(company_results)
            totals = {
                name: con.execute(f"SELECT count(*) FROM {TABLES[name]}").fetchone()[0] for name in DATASETS
            }
        by_dataset: dict[str | None, list[FileResult]] = defaultdict(list)
        for r in results:
            by_dataset[r.dataset].append(r)
        exported = {e.dataset for c in context.partition_keys if c in workspace.companies
                    for e in workspace.companies[c].mapping.exports}
        for name in DATASETS:
            if name in exported or by_dataset.get(name):
                yield dg.MaterializeResult(asset_key=canonical_key(name),
                                           metadata=_metadata(by_dataset.get(name, []), totals[name]))
        unmatched = by_dataset.get(None, [])
        if unmatched:
            context.log.warning("files matching no export: " + "; ".join(f"{r.company_id}/{r.file_name}"
                                                                           for r in unmatched))
        if broken:
            raise dg.Failure(f"mapping errors in: {', '.join(broken)}; their files were not ingested",
                             metadata={c: dg.MetadataValue.text(str(workspace.errors[c])) for c in broken})

    return [reference_data, ingest_company_exports]


def _workspace(sidestream: SidestreamConfig) -> Workspace:
    return load_workspace(sidestream.settings.workspace, reference_codes())


def _metadata(results: list[FileResult], table_rows: int) -> dict[str, dg.MetadataValue]:
    new = [r for r in results if r.status != "unchanged"]
    loaded = [r for r in new if r.rows_loaded]
    dates = [d for r in loaded for d in (r.first_date, r.last_date) if d]
    return {
        "files_new": dg.MetadataValue.int(len(new)),
        "files_unchanged": dg.MetadataValue.int(len(results) - len(new)),
        "files_rejected": dg.MetadataValue.int(sum(r.status == "rejected" for r in new)),
        "rows_read": dg.MetadataValue.int(sum(r.rows_read for r in new)),
        "rows_loaded": dg.MetadataValue.int(sum(r.rows_loaded for r in new)),
        "rows_quarantined": dg.MetadataValue.int(sum(r.rows_quarantined for r in new)),
        "first_date": dg.MetadataValue.text(str(min(dates)) if dates else "-"),
        "last_date": dg.MetadataValue.text(str(max(dates)) if dates else "-"),
        "table_rows": dg.MetadataValue.int(table_rows),
        "files": dg.MetadataValue.md(_files_table(new)),
    }


def _files_table(results: list[FileResult]) -> str:
    if not results:
        return "no new files"
    lines = ["| company | file | status | read | loaded | quarantined | message |", "|---|---|---|---|---|---|---|"]
    for r in results[:200]:
        lines.append(f"| {r.company_id} | {r.file_name} | {r.status} | {r.rows_read} | {r.rows_loaded} "
                     f"| {r.rows_quarantined} | {r.message or ''} |")
    if len(results) > 200:
        lines.append(f"| … | {len(results) - 200} more | | | | | |")
    return "\n".join(lines)


def _schema(dataset: str) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(f.name, f.kind, description=f.doc) for f in DATASETS[dataset].fields
    ])
