"""The whole graph materialised through Dagster's own CLI on the demo workspace, as an operator
without the sidestream command would run it: reference data, every company's partition of the
canonical tables (with their checks), then the models, KPIs and the analysts' snapshot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines.core.settings import REPO_ROOT

DEMO = REPO_ROOT / "data" / "demo"
COMPANIES = sorted(p.name for p in (DEMO / "companies").iterdir())


def dagster(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("dagster")
    return subprocess.run([str(exe), "asset", "materialize", "-m", "pipelines.definitions", *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


def test_dagster_cli_materializes_the_whole_graph(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "dagster").mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster" / "dagster.yaml")
    env = {**os.environ, "SIDESTREAM_WORKSPACE": str(DEMO), "SIDESTREAM_HOME": str(home),
           "DAGSTER_HOME": str(home / "dagster")}
    steps = [
        ["--select", "reference_data"],
        ["--select", "production_items,shipments,receipts,stock_counts,energy_flows,treatments,forwarded_loads",
         "--partition-range", f"{COMPANIES[0]}...{COMPANIES[-1]}"],
        ["--select", "production_batches,material_flows,kpi_values,export_freshness,lot_edges,forwarding_balance,"
                    "sharing_opportunities,heat_planning_month,analyst_snapshot"],
    ]
    for args in steps:
        run = dagster(args, env)
        assert run.returncode == 0, (args, run.stderr[-3000:])
    truth = json.loads((DEMO / "ground_truth.json").read_text(encoding="utf-8"))["datasets"]
    con = duckdb.connect(str(home / "published" / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM ingest_files WHERE status = 'loaded'").fetchone() == (
            sum(d["files"] for d in truth.values()),)
        assert con.execute("SELECT count(*) FROM shipments").fetchone() == (truth["shipments"]["rows"],)
        assert con.execute("SELECT count(*) > 0 FROM kpi_values").fetchone() == (True,)
    finally:
        con.close()
