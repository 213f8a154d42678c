"""Ingest benchmark: sidestream vs DuckDB's own typed `read_csv` on the same big shipment export.

    python -m pipelines.benchmark --rows 1000000 [--rows 10000000] [--write-docs]

For each size it generates a seeded shipment export in a Norwegian CSV dialect (`;`, decimal comma,
dd.mm.yyyy, Norwegian product and unit names), then, each in a fresh child process so peak memory is
measured per step:
  (a) baseline: CREATE TABLE … AS SELECT * FROM read_csv(…) with explicit column types;
  (b) sidestream: ingest the same file through its mapping into canonical, normalised rows
      (hash, read, type, map values, convert units, check every row, load, ledger) in one transaction;
  (c) the shipments expectation suite run by Great Expectations over every loaded row, as the
      Dagster asset check runs it.
It reports the times, the ratios b/a and (b+c)/a and each process's peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipelines.core.settings import REPO_ROOT, Settings
from pipelines.core.sql import run_sql, sql_text

MAPPING = """
company:
  id: benchsag
  name: Benchmark Sag AS
  org_number: "910000012"
  role: sawmill
  sites:
    - {id: BENCH-SAG, name: Saga, role: sawmill, lat: 63.3, lon: 9.85}
    - {id: BENCH-PEL, name: Pellets, role: pellet_plant, lat: 63.31, lon: 9.9}
    - {id: BENCH-FJV, name: Varme, role: district_heating, lat: 63.32, lon: 9.84}
exports:
  - name: shipments
    dataset: shipments
    pattern: "utlev_*.csv"
    format: csv
    delimiter: ";"
    decimal: ","
    encoding: utf-8
    date_format: dd.mm.yyyy
    columns: {shipment_id: "Følgeseddel", receiver: Mottaker, lot_id: Parti, material: Produkt,
              quantity: Mengde, unit: Enhet, moisture_pct: Fukt, ship_date: Dato, transport_mode: Transport,
              distance_km: Avstand}
    constants: {sender_site: BENCH-SAG}
    values:
      site: {Pelletfabrikken: BENCH-PEL, Fjernvarmen: BENCH-FJV, Eksport: external}
      material: {Flis: CHIPS, Sagflis: SAWDUST, Bark: BARK, Skurlast: SAWN_TIMBER}
      unit: {"løs m3": m3s, tonn: t}
      transport_mode: {Bil: truck, "Båt": ship}
"""

#: explicit types for the baseline read: the best DuckDB can do on this file with no extra work
BASELINE_COLUMNS = {
    "Følgeseddel": "VARCHAR", "Mottaker": "VARCHAR", "Parti": "VARCHAR", "Produkt": "VARCHAR",
    "Mengde": "DOUBLE", "Enhet": "VARCHAR", "Fukt": "DOUBLE", "Dato": "DATE", "Transport": "VARCHAR",
    "Avstand": "DOUBLE",
}


def generate(path: Path, rows: int) -> None:
    """A seeded shipment export; values are derived from the row number, so every run is identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.sql(sql_text("bench/shipments_export"), params={"rows": rows}).write_csv(str(path), sep=";", header=True)
    finally:
        con.close()


def run_baseline(csv_path: Path, db_path: Path) -> dict:
    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    started = time.perf_counter()
    run_sql(con, "bench/baseline_read", {"path": str(csv_path), "columns": BASELINE_COLUMNS})
    seconds = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM baseline").fetchone()[0]
    con.close()
    return {"seconds": seconds, "rows": rows}


def run_sidestream(csv_path: Path, home: Path) -> dict:
    from pipelines.core.ingest import ingest_company
    from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
    from pipelines.core.workspace import load_workspace

    workspace = home / "workspace"
    (workspace / "companies/benchsag").mkdir(parents=True, exist_ok=True)
    (workspace / "companies/benchsag/mapping.yaml").write_text(MAPPING, encoding="utf-8")
    inbox = workspace / "inbox/benchsag"
    inbox.mkdir(parents=True, exist_ok=True)
    for old in inbox.iterdir():
        old.unlink()
    os.link(csv_path, inbox / f"utlev_{csv_path.stem}.csv")
    settings = Settings(home=home, workspace=workspace, memory_limit=os.environ.get("SIDESTREAM_MEMORY", "3GB"))
    settings.warehouse.unlink(missing_ok=True)
    ws = load_workspace(workspace, reference_codes())
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        started = time.perf_counter()
        (result,) = ingest_company(con, ws, "benchsag", settings)
        seconds = time.perf_counter() - started
        sites = [r[0] for r in con.execute("SELECT site_id FROM ref_sites").fetchall()]
    validation = run_checks(settings, sites)
    return {"seconds": seconds, "rows": result.rows_loaded, "status": result.status,
            "quarantined": result.rows_quarantined, **validation}


def run_checks(settings: Settings, sites: list[str]) -> dict:
    """(c): the shipments suite through Great Expectations on the loaded table, every row, as the
    Dagster check runs it; GX's import is timed apart (a code server pays it once)."""
    import datetime as dt

    from pipelines.quality import suites

    started = time.perf_counter()
    from pipelines.quality.gx_runner import _gx, validate

    _gx()
    imported = time.perf_counter()
    suite = suites.resolve(suites.load("shipments"), sites=sites, today=dt.date.today())
    outcomes = validate(settings.warehouse, "shipments", suite, duckdb_config={"memory_limit": settings.memory_limit})
    done = time.perf_counter()
    failed = [o.expectation for o in outcomes if not o.success]
    return {"gx_import_s": imported - started, "validate_s": done - imported, "expectations": len(outcomes),
            "failed_expectations": failed}


def _child(step: str, csv_path: Path, work: Path) -> dict:
    """Run one step in a fresh interpreter; the child reports its own time and peak memory."""
    cmd = [sys.executable, "-m", "pipelines.benchmark", "--step", step, "--file", str(csv_path), "--work", str(work)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, cwd=REPO_ROOT, check=False)
    if proc.returncode:
        raise SystemExit(f"benchmark step {step} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def measure(rows: int, work: Path, repeats: int) -> dict:
    csv_path = work / f"shipments_{rows}.csv"
    if not csv_path.exists():
        started = time.perf_counter()
        generate(csv_path, rows)
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.1f} s -> {csv_path}", file=sys.stderr)
    # alternate the two steps and keep the median of each, so drift on a shared machine hits both
    runs = [(_child("baseline", csv_path, work), _child("sidestream", csv_path, work)) for _ in range(repeats)]
    baseline = _median([b for b, _ in runs])
    ours = _median([o for _, o in runs])
    return {
        "repeats": repeats,
        "rows": rows,
        "file_mb": round(csv_path.stat().st_size / 1e6, 1),
        "baseline_s": round(baseline["seconds"], 2),
        "baseline_peak_mb": baseline["peak_mb"],
        "sidestream_s": round(ours["seconds"], 2),
        "sidestream_peak_mb": ours["peak_mb"],
        "ratio": round(ours["seconds"] / baseline["seconds"], 2),
        "validate_s": round(ours["validate_s"], 2),
        "expectations": ours["expectations"],
        "gx_import_s": round(ours["gx_import_s"], 2),
        "end_to_end_ratio": round((ours["seconds"] + ours["validate_s"]) / baseline["seconds"], 2),
        "rows_loaded": ours["rows"],
        "rows_quarantined": ours["quarantined"],
    }


def measure_trace(work: Path, layers: int = 21, width: int = 25_000) -> dict:
    """Trace 10 hops up and down a synthetic genealogy of 1M edges (each lot has two parents in the
    layer before), through the same trace_up / trace_down macros analysts use."""
    db = work / "trace.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    try:
        run_sql(con, "bench/synthetic_genealogy", {"layers": layers, "width": width})
        run_sql(con, "model/trace_macros")
        edges = con.execute("SELECT count(*) FROM lot_edges").fetchone()[0]
        timings = {}
        for direction, lot in [("up", f"L{layers - 1}-12345"), ("down", "L5-12345")]:
            run_sql(con, f"bench/trace_{direction}", {"lot": lot})  # warm the file cache once
            started = time.perf_counter()
            ((rows, depth),) = run_sql(con, f"bench/trace_{direction}", {"lot": lot})
            timings[direction] = {"seconds": round(time.perf_counter() - started, 3), "rows": rows, "depth": depth}
    finally:
        con.close()
    return {"edges": edges, **timings}


def _median(results: list[dict]) -> dict:
    ordered = sorted(results, key=lambda r: r["seconds"])
    middle = ordered[len(ordered) // 2]
    return {**middle, "peak_mb": max(r["peak_mb"] for r in results)}


def _peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def _markdown(results: list[dict]) -> str:
    lines = [
        "| rows | file MB | runs | (a) DuckDB read_csv s | (a) peak MB | (b) sidestream ingest s | (b) peak MB "
        "| ratio b/a | (c) GX checks s | expectations | ratio (b+c)/a |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['rows']:,} | {r['file_mb']} | {r['repeats']} | {r['baseline_s']} "
                     f"| {r['baseline_peak_mb']:.0f} | {r['sidestream_s']} | {r['sidestream_peak_mb']:.0f} "
                     f"| **{r['ratio']}** | {r['validate_s']} | {r['expectations']} | **{r['end_to_end_ratio']}** |")
    imports = ", ".join(f"{r['gx_import_s']} s" for r in results)
    return "\n".join(lines) + f"\n\nGreat Expectations' import, paid once per process and not counted above: {imports}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows per run (repeatable; default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument("--work", type=Path, help="scratch folder (default $SIDESTREAM_HOME/bench)")
    parser.add_argument("--write-docs", action="store_true", help="write the tables into docs/benchmarks.md")
    parser.add_argument("--trace-only", action="store_true", help="only the genealogy trace benchmark")
    parser.add_argument("--step", choices=["baseline", "sidestream"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    work = (args.work or Settings.from_env().home / "bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.step:
        if args.step == "baseline":
            result = run_baseline(args.file, work / "baseline.duckdb")
        else:
            result = run_sidestream(args.file, work / "sidestream_home")
        print(json.dumps({**result, "peak_mb": _peak_mb()}))
        return 0
    trace = measure_trace(work)
    print(json.dumps(trace), file=sys.stderr)
    trace_table = (
        "| edges | trace | steps returned | deepest | seconds |\n|---:|---|---:|---:|---:|\n"
        + "\n".join(f"| {trace['edges']:,} | {d}, 10 hops | {trace[d]['rows']:,} | {trace[d]['depth']} "
                    f"| **{trace[d]['seconds']}** |" for d in ("up", "down"))
    )
    print(trace_table)
    if args.write_docs:
        _write_docs("trace-benchmark", trace_table)
    if args.trace_only:
        return 0
    results = []
    for rows in args.rows or [1_000_000]:
        r = measure(rows, work, args.repeats if rows <= 2_000_000 else 1)
        print(json.dumps(r), file=sys.stderr)
        results.append(r)
    table = _markdown(results)
    print(table)
    if args.write_docs:
        _write_docs("ingest-benchmark", table)
    return 0


def _write_docs(marker: str, table: str) -> None:
    docs = REPO_ROOT / "docs" / "benchmarks.md"
    text = docs.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    stamp = (f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, DuckDB {duckdb.__version__}.")
    docs.write_text(f"{head}{start}\n{stamp}\n\n{table}\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
