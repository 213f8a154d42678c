"""The `sidestream` command: thin wrappers over pipelines.core and the Dagster definitions.

    sidestream build [--workspace DIR] [--home DIR]   ingest new files, rebuild models, print a summary
    sidestream check [--workspace DIR]                validate every company mapping
    sidestream files [--status S] [--company C]       list the ingestion ledger
    sidestream quarantine [--company C] [--limit N]   list quarantined rows with their reasons
    sidestream dev [--workspace DIR] [--home DIR]     open the Dagster UI with storage under the home
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from pipelines.core.settings import REPO_ROOT, Settings

#: keep Dagster's step logs (kept in the run history) off the terminal; warnings still show
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sidestream", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in [
        ("build", "ingest everything new in the workspace and rebuild the downstream assets"),
        ("check", "validate every company mapping in the workspace"),
        ("files", "list the ingestion ledger (every file seen)"),
        ("quarantine", "list quarantined rows with the reasons"),
        ("dev", "start the Dagster UI (dagster dev) with storage under SIDESTREAM_HOME"),
    ]:
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("--workspace", type=Path, help="workspace folder (default: $SIDESTREAM_WORKSPACE or data/demo)")
        p.add_argument("--home", type=Path, help="runtime folder (default: $SIDESTREAM_HOME or data/runtime)")
        if name in ("files", "quarantine"):
            p.add_argument("--company", help="only this company")
            p.add_argument("--limit", type=int, default=50, help="rows to show (default 50)")
        if name == "files":
            p.add_argument("--status", help="only files with this status (loaded, partially_loaded, rejected)")
    args = parser.parse_args(argv)
    settings = Settings.from_env(workspace=args.workspace, home=args.home)
    os.environ["SIDESTREAM_WORKSPACE"] = str(settings.workspace)
    os.environ["SIDESTREAM_HOME"] = str(settings.home)
    return {"build": _build, "check": _check, "files": _files, "quarantine": _quarantine, "dev": _dev}[
        args.command
    ](settings, args)


def _check(settings: Settings, args: argparse.Namespace) -> int:
    from pipelines.core.warehouse import reference_codes
    from pipelines.core.workspace import load_workspace

    ws = load_workspace(settings.workspace, reference_codes())
    for company_id in ws.company_ids:
        if company_id in ws.errors:
            print(f"FAIL {company_id}\n{ws.errors[company_id]}")
        else:
            exports = ws.companies[company_id].mapping.exports
            files = ws.inbox_files(company_id)
            unmatched = [f for f in files if f.export is None]
            print(f"ok   {company_id}: {len(exports)} exports, {len(files)} inbox files"
                  + (f", {len(unmatched)} matching no export" if unmatched else ""))
            for f in unmatched:
                print(f"       {f.relative_name}: {f.problem}")
    return 1 if ws.errors else 0


def _build(settings: Settings, args: argparse.Namespace) -> int:
    import dagster as dg

    from pipelines.definitions import build_definitions

    started = time.time()
    print(f"workspace {settings.workspace}\nhome      {settings.home}")
    instance = _instance(settings)
    defs = build_definitions(settings)
    companies = defs.resolve_assets_def("shipments").partitions_def.get_partition_keys()
    assets = list(defs.assets)
    resources = defs.resources
    steps = [
        ("reference data", dg.AssetSelection.groups("reference"), {}),
        ("ingest", dg.AssetSelection.groups("canonical"), {
            "dagster/asset_partition_range_start": companies[0],
            "dagster/asset_partition_range_end": companies[-1],
        }),
        ("models", dg.AssetSelection.groups("model"), {}),
    ]
    ok = True
    for label, selection, tags in steps:
        if label == "ingest" and not companies:
            continue
        result = dg.materialize(assets, selection=selection, instance=instance, resources=resources,
                                tags=tags, raise_on_error=False, run_config=QUIET)
        ok = ok and result.success
        if not result.success:
            for event in result.all_events:
                if event.is_failure:
                    print(f"FAILED {label}: {event.message}", file=sys.stderr)
            if label != "ingest":
                break
    _print_summary(settings, started)
    print(f"done in {time.time() - started:.1f} s; warehouse {settings.warehouse}")
    return 0 if ok else 1


def _print_summary(settings: Settings, since: float) -> None:
    import datetime as dt

    import duckdb

    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT dataset, status, count(*), sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
            "FROM ingest_files WHERE processed_at >= ? GROUP BY ALL ORDER BY ALL",
            [dt.datetime.fromtimestamp(since)],
        ).fetchall()
        print("\nfiles ingested in this build:" if rows else "\nno new files")
        for dataset, status, files, read, loaded, quarantined in rows:
            print(f"  {dataset or '-':11} {status:17} {files:5} files  {read:9} rows read  {loaded:9} loaded"
                  f"  {quarantined:7} quarantined")
        rejected = con.execute(
            "SELECT company_id, file_name, message FROM ingest_files WHERE processed_at >= ? AND status = 'rejected' "
            "ORDER BY ALL LIMIT 20", [dt.datetime.fromtimestamp(since)]).fetchall()
        for company_id, file_name, message in rejected:
            print(f"  rejected {company_id}/{file_name}: {message}")
        print("\nwarehouse tables:")
        for table in ("production_items", "shipments", "receipts", "stock_counts", "energy_flows", "treatments",
                      "quarantine_rows"):
            print(f"  {table:17} {con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:9} rows")
    finally:
        con.close()


def _files(settings: Settings, args: argparse.Namespace) -> int:
    return _print_query(settings, "SELECT company_id, file_name, dataset, status, rows_read, rows_loaded, "
                        "rows_quarantined, first_date, last_date, message FROM ingest_files "
                        "WHERE (? IS NULL OR company_id = ?) AND (? IS NULL OR status = ?) "
                        "ORDER BY company_id, file_name LIMIT ?",
                        [args.company, args.company, args.status, args.status, args.limit])


def _quarantine(settings: Settings, args: argparse.Namespace) -> int:
    return _print_query(settings, "SELECT q.company_id, f.file_name, q.source_row, q.dataset, "
                        "array_to_string(q.errors, ' | ') AS errors FROM quarantine_rows q "
                        "JOIN ingest_files f USING (file_hash) WHERE (? IS NULL OR q.company_id = ?) "
                        "ORDER BY q.company_id, f.file_name, q.source_row LIMIT ?",
                        [args.company, args.company, args.limit])


def _print_query(settings: Settings, query: str, params: list) -> int:
    import duckdb

    if not settings.warehouse.exists():
        print(f"no warehouse at {settings.warehouse}; run `sidestream build` first", file=sys.stderr)
        return 1
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        result = con.execute(query, params)
        names = [d[0] for d in result.description]
        rows = result.fetchall()
    finally:
        con.close()
    print("\t".join(names))
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))
    return 0


def _instance(settings: Settings):
    """A persistent Dagster instance under the home, configured by the repo's dagster.yaml."""
    import dagster as dg

    dagster_home = _dagster_home(settings)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    return dg.DagsterInstance.get()


def _dagster_home(settings: Settings) -> Path:
    dagster_home = settings.home / "dagster"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    return dagster_home


def _dev(settings: Settings, args: argparse.Namespace) -> int:
    os.environ["DAGSTER_HOME"] = str(_dagster_home(settings))
    os.chdir(REPO_ROOT)
    os.execvp("dagster", ["dagster", "dev", "-m", "pipelines.definitions"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
