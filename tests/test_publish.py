"""Analysts read a published snapshot while ingestion runs: neither side fails, and the next reader
sees the new data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.core.publish import PARQUET, published_dir, snapshot_path
from pipelines.core.settings import REPO_ROOT, Settings


def test_reader_holds_the_snapshot_open_during_a_real_run(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    where = ["--workspace", str(settings.workspace), "--home", str(settings.home)]
    assert main(["build", *where]) == 0
    capsys.readouterr()
    snapshot = snapshot_path(settings)
    assert sorted(p.stem for p in (published_dir(settings) / "parquet").glob("*.parquet")) == sorted(PARQUET)
    assert duckdb.sql("SELECT count(*) FROM read_parquet(?)",
                      params=[str(published_dir(settings) / "parquet" / "shipments.parquet")]).fetchall() == [(3,)]

    new = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
           "U4;Pelletfabrikken;SF-4;Sagflis;61,0;tonn;11.02.2025;Bil;12,5\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-02.csv").write_bytes(new.encode("cp1252"))
    reader = duckdb.connect(str(snapshot), read_only=True)
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE",
                                                                 "DAGSTER_HOME")}
        run = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "build", *where], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reads = 0
        while run.poll() is None:  # the analyst keeps querying the snapshot while the build writes
            assert reader.execute("SELECT count(*) FROM shipments").fetchall() == [(3,)]
            reads += 1
            time.sleep(0.05)
        _, err = run.communicate()
        assert run.returncode == 0, err[-2000:]
        assert reads > 5
        assert reader.execute("SELECT count(*) FROM shipments").fetchall() == [(3,)]  # its view is stable
    finally:
        reader.close()
    fresh = duckdb.connect(str(snapshot), read_only=True)
    try:
        assert fresh.execute("SELECT count(*) FROM shipments").fetchall() == [(4,)]
        assert fresh.execute("SELECT count(*) FROM kpi_values WHERE kpi = 'byproduct_utilization'").fetchall()[0][0] > 0
    finally:
        fresh.close()
    assert not [p for p in published_dir(settings).iterdir() if p.name.startswith(".")]  # no staged leftovers
    assert Path(settings.warehouse).exists()
