"""The `sidestream` command: thin wrappers over pipelines.core and the Dagster definitions.

    sidestream build [--workspace DIR] [--home DIR]   ingest new files, rebuild models, print a summary
    sidestream check [--workspace DIR]                validate every company mapping
    sidestream files [--status S] [--company C]       list the ingestion ledger
    sidestream quarantine [--company C] [--file F]    list quarantined rows with their reasons
    sidestream dev [--workspace DIR] [--home DIR]     open the Dagster UI with storage under the home
    sidestream suites                                 regenerate the expectation suites (after reference changes)
    sidestream trace LOT [--site S] [--up|--down] [--json]   a lot's origin or where it went
    sidestream origin LOT [--site S] [--out FILE]     the lot's EUDR origin statement (GeoJSON)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.core.settings import REPO_ROOT, Settings
from pipelines.core.sql import query_sql

#: keep Dagster's step logs (kept in the run history) off the terminal; warnings still show
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sidestream", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in [
        ("build", "ingest everything new in the workspace and rebuild the downstream assets"),
        ("check", "validate every company mapping and declared-needs file in the workspace"),
        ("files", "list the ingestion ledger (every file seen)"),
        ("quarantine", "list quarantined rows with the reasons"),
        ("dev", "start the Dagster UI (dagster dev) with storage under SIDESTREAM_HOME"),
        ("suites", "regenerate the expectation suites from the schema and the reference data"),
        ("trace", "trace a lot: where it came from (--up) or where it went (--down)"),
        ("origin", "write a lot's EUDR origin statement: its harvest plots as GeoJSON"),
        ("opportunities", "list the year's resource-sharing opportunities, best first"),
    ]:
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("--workspace", type=Path, help="workspace folder (default: $SIDESTREAM_WORKSPACE or data/demo)")
        p.add_argument("--home", type=Path, help="runtime folder (default: $SIDESTREAM_HOME or data/runtime)")
        if name in ("files", "quarantine"):
            p.add_argument("--company", help="only this company")
            p.add_argument("--limit", type=int, default=50, help="rows to show (default 50)")
        if name == "files":
            p.add_argument("--status", help="only files with this status: loaded, partially_loaded, rejected, "
                                            "duplicate, superseded")
        if name == "trace":
            p.add_argument("lot", help="the lot id")
            p.add_argument("--site", help="the site holding the lot, when the id exists at several sites")
            way = p.add_mutually_exclusive_group()
            way.add_argument("--up", dest="direction", action="store_const", const="up", default="up",
                             help="where it came from (default)")
            way.add_argument("--down", dest="direction", action="store_const", const="down", help="where it went")
            p.add_argument("--json", action="store_true", help="print the tree as JSON")
            p.add_argument("--depth", type=int, default=30, help="at most this many steps (default 30)")
        if name == "opportunities":
            p.add_argument("--year", type=int, help="the year (default: the latest with data)")
            p.add_argument("--limit", type=int, default=10, help="rows to show (default 10)")
        if name == "origin":
            p.add_argument("lot", help="the lot id")
            p.add_argument("--site", help="the site holding the lot, when the id exists at several sites")
            p.add_argument("--out", type=Path, help="write the GeoJSON here (default: print it)")
        if name == "quarantine":
            p.add_argument("--file", help="only this file (name inside the inbox); shows every row in full")
            p.add_argument("--all", action="store_true", help="include rows of files superseded since")
    args = parser.parse_args(argv)
    settings = Settings.from_env(workspace=args.workspace, home=args.home)
    os.environ["SIDESTREAM_WORKSPACE"] = str(settings.workspace)
    os.environ["SIDESTREAM_HOME"] = str(settings.home)
    commands = {"build": _build, "check": _check, "files": _files, "quarantine": _quarantine, "dev": _dev,
                "suites": _suites, "trace": _trace, "origin": _origin, "opportunities": _opportunities}
    return commands[args.command](settings, args)


def _trace(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from pipelines.core import lineage

    if not _warehouse_ready(settings):
        return 1
    with _read_only(settings) as con:
        found = _one_lot(con, args)
        if found is None:
            return 1
        site, lot = found
        tree = lineage.trace(con, site, lot, args.direction, args.depth)
    mixed = lineage.is_mixed(tree) if args.direction == "up" else []
    if args.json:
        out = {"lot": lot, "site": site, "direction": args.direction, "tree": tree.as_dict()}
        if args.direction == "up":
            out["origins"] = [{"origin": o, "site": s, "lot": lt, "share": round(sh, 6)}
                              for (o, s, lt), sh in sorted(lineage.origins(tree).items())]
            out["mixed"] = bool(mixed)
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return 0
    print("\n".join(lineage.outline(tree, args.direction)))
    if args.direction == "up":
        print("\norigins:")
        for (origin, s, lt), share in sorted(lineage.origins(tree).items(), key=lambda kv: -kv[1]):
            print(f"  {share:6.1%}  {origin:8}  {s}/{lt}")
        if mixed:
            print(f"MIXED: {len(mixed)} ancestor lot(s) of {' or '.join(sorted({m[0] for m in mixed}))} origin: "
                  + ", ".join(f"{s}/{lt}" for _, s, lt in mixed))
    return 0


def _origin(settings: Settings, args: argparse.Namespace) -> int:
    from pipelines.core import eudr

    if not _warehouse_ready(settings):
        return 1
    with _read_only(settings) as con:
        found = _one_lot(con, args)
        if found is None:
            return 1
        site, lot = found
        try:
            plots = eudr.origin_plots(con, site, lot)
        except (eudr.MixedLot, LookupError) as exc:
            print(str(exc), file=sys.stderr)
            return 2
    text = eudr.dumps(eudr.geojson(f"{site}/{lot}", plots))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: {len(plots)} plot(s)")
    else:
        print(text)
    return 0


def _opportunities(settings: Settings, args: argparse.Namespace) -> int:
    if not _warehouse_ready(settings):
        return 1
    with _read_only(settings) as con:
        year = args.year or query_sql(con, "sharing/latest_year")[1][0][0]
        if year is None:
            print("no resource-sharing opportunity or heat-planning figure found")
            return 0
        opportunities = query_sql(con, "sharing/top", {"year": year, "limit": args.limit})
        heat = query_sql(con, "sharing/heat_year", {"year": year})
    print(f"resource-sharing opportunities {year}, best first (docs/sharing.md explains the ranking):")
    _print_table_or(opportunities, "none found")
    print(f"\ndistrict-heating planning {year}, MWh per month (docs/sharing.md, Heat planning):")
    _print_table_or(heat, "no district-heating demand or surplus heat reported")
    return 0


def _print_table_or(table: tuple[list[str], list[tuple]], empty: str) -> None:
    if table[1]:
        _print_table(*table)
    else:
        print(empty)


def _suites(settings: Settings, args: argparse.Namespace) -> int:
    from pipelines.core.warehouse import reference_codes
    from pipelines.quality import suites

    for path in suites.write_all(reference_codes()):
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


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
    for company_id in sorted(set(ws.needs) | set(ws.needs_errors)):
        if company_id in ws.needs_errors:
            print(f"FAIL {company_id} needs\n{ws.needs_errors[company_id]}")
        else:
            print(f"ok   {company_id}: {len(ws.needs[company_id])} declared needs")
    return 1 if ws.errors or ws.needs_errors else 0


def _build(settings: Settings, args: argparse.Namespace) -> int:
    import dagster as dg

    from pipelines.definitions import build_definitions

    started = time.time()
    print(f"workspace {settings.workspace}\nhome      {settings.home}")
    instance = _instance(settings)
    defs = build_definitions(settings)
    companies = defs.resolve_assets_def("shipments").partitions_def.get_partition_keys()
    assets = [*defs.assets, *defs.asset_checks]  # selecting a table also runs its checks
    resources = defs.resources
    steps = [
        ("reference data", dg.AssetSelection.groups("reference"), {}),
        ("ingest", dg.AssetSelection.groups("canonical"), {
            "dagster/asset_partition_range_start": companies[0],
            "dagster/asset_partition_range_end": companies[-1],
        }),
        ("models", dg.AssetSelection.groups("model"), {}),
        ("publish", dg.AssetSelection.assets("analyst_snapshot", "dashboards"), {}),
    ]
    ok = True
    checks: list = []
    needs_problems: list[str] = []
    for label, selection, tags in steps:
        if label == "ingest" and not companies:
            continue
        if label == "models" and any(not c.passed and c.severity == dg.AssetCheckSeverity.ERROR for c in checks):
            print("models and snapshot not rebuilt: a blocking quality check failed (see below)", file=sys.stderr)
            ok = False
            break
        result = dg.materialize(assets, selection=selection, instance=instance, resources=resources,
                                tags=tags, raise_on_error=False, run_config=QUIET)
        ok = ok and result.success
        checks += result.get_asset_check_evaluations()
        if label == "reference data" and result.success:
            (reference,) = result.asset_materializations_for_node("reference_data")
            needs_problems = reference.metadata["declared_needs_problems"].data
        if not result.success:
            for event in result.all_events:
                if event.is_failure:
                    print(f"FAILED {label}: {event.message}", file=sys.stderr)
            if label != "ingest":
                break
    _print_summary(settings, started)
    if needs_problems:
        print("\ndeclared needs left out of resource sharing (docs/sharing.md, Declared needs):")
        print("\n".join(f"  {line}" for problem in needs_problems for line in problem.splitlines()))
    _print_checks(checks)
    print(f"done in {time.time() - started:.1f} s; warehouse {settings.warehouse}")
    if ok:
        from pipelines.core.publish import published_dir

        print(f"published: {published_dir(settings)} (warehouse.duckdb, parquet/, dashboards/)")
    return 0 if ok else 1


def _print_checks(checks: list) -> None:
    if not checks:
        return
    print("\nquality checks:")
    for c in sorted(checks, key=lambda c: (c.asset_key.to_user_string(), c.check_name)):
        count = c.metadata.get("failed") or c.metadata.get("flagged")
        counted = f" ({count.value})" if count else ""
        state = "passed" if c.passed else f"{'FAILED' if c.severity.value == 'ERROR' else 'warning'}{counted}"
        print(f"  {c.asset_key.to_user_string():17} {c.check_name:13} {state}")
        if not c.passed and "summary" in c.metadata:
            for line in c.metadata["summary"].value.splitlines():
                print(f"      {line}")


def _print_summary(settings: Settings, since: float) -> None:
    import datetime as dt

    from pipelines.core.datasets import TABLES

    with _read_only(settings) as con:
        params = {"since": dt.datetime.fromtimestamp(since)}
        _, rows = query_sql(con, "steward/build_summary", params)
        print("\nfiles ingested in this build:" if rows else "\nno new files")
        for dataset, status, files, read, loaded, quarantined in rows:
            print(f"  {dataset:11} {status:17} {files:5} files  {read:9} rows read  {loaded:9} loaded"
                  f"  {quarantined:7} quarantined")
        _, problems = query_sql(con, "steward/build_problems", params)
        for company_id, file_name, status, message in problems:
            print(f"  {status} {company_id}/{file_name}: {message}")
        print("\nwarehouse tables:")
        for table in [*TABLES.values(), "quarantine_rows"]:
            print(f"  {table:17} {con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:9} rows")


def _files(settings: Settings, args: argparse.Namespace) -> int:
    return _print_query(settings, "steward/files",
                        {"company": args.company, "status": args.status, "limit": args.limit})


def _quarantine(settings: Settings, args: argparse.Namespace) -> int:
    return _print_query(settings, "steward/quarantine", {
        "company": args.company, "file": args.file, "all": args.all, "raw": args.file is not None,
        "limit": args.limit,
    })


def _warehouse_ready(settings: Settings) -> bool:
    if settings.warehouse.exists():
        return True
    print(f"no warehouse at {settings.warehouse}; run `sidestream build` first", file=sys.stderr)
    return False


def _one_lot(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> tuple[str, str] | None:
    """The (site, lot) the arguments name, or None after saying why there is not exactly one."""
    from pipelines.core import lineage

    found = lineage.find_lot(con, args.lot, args.site)
    if len(found) == 1:
        return found[0]
    where = ", ".join(site for site, _ in found)
    print(f"lot {args.lot!r} " + (f"is held at several sites ({where}); choose one with --site" if found
                                  else "is not in the genealogy" + (f" at {args.site}" if args.site else "")),
          file=sys.stderr)
    return None


def _print_query(settings: Settings, name: str, params: dict) -> int:
    if not _warehouse_ready(settings):
        return 1
    with _read_only(settings) as con:
        columns, rows = query_sql(con, name, params)
    if params.get("raw"):  # one row per block, the way a steward reads a file's problems
        for row in rows:
            print("\n".join(f"{c:>12}: {'' if v is None else v}" for c, v in zip(columns, row, strict=True)) + "\n")
        return 0
    _print_table(columns, rows)
    return 0


def _print_table(columns: list[str], rows: list[tuple]) -> None:
    """Tab-separated with a header line (a `raw` column is left out), for reading or piping."""
    print("\t".join(c for c in columns if c != "raw"))
    for row in rows:
        print("\t".join("" if v is None else str(v) for c, v in zip(columns, row, strict=True) if c != "raw"))


@contextmanager
def _read_only(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        yield con
    finally:
        con.close()


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
