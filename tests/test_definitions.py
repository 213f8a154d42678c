"""The Dagster code location: it loads, partitions by company, and materialises the fixture cluster."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.cli import main
from pipelines.core.settings import Settings
from pipelines.definitions import build_definitions, defs
from pipelines.defs.resources import WRITER_POOL


def test_default_definitions_load_like_dagster_dev() -> None:
    loaded = defs()
    keys = {k.to_user_string() for k in loaded.resolve_asset_graph().get_all_asset_keys()}
    assert {"reference_data", "production_items", "shipments", "receipts", "stock_counts", "energy_flows",
            "treatments", "forwarded_loads", "production_batches", "material_flows", "forwarding_balance"} <= keys


def test_companies_are_partitions_and_every_writer_is_in_the_pool(settings: Settings) -> None:
    d = build_definitions(settings)
    assert d.resolve_assets_def("shipments").partitions_def.get_partition_keys() == [
        "fjernvarme", "pellet", "sagbruk"
    ]
    graph = d.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).pools == {WRITER_POOL}, key


def test_materialize_one_company_partition(settings: Settings) -> None:
    d = build_definitions(settings)
    assets, resources = list(d.assets), d.resources
    with dg.instance_for_test() as instance:
        assert dg.materialize(assets, selection=dg.AssetSelection.groups("reference"), instance=instance,
                              resources=resources).success
        result = dg.materialize(assets, selection=dg.AssetSelection.groups("canonical"), instance=instance,
                                resources=resources, partition_key="sagbruk")
        assert result.success
        by_key = {m.asset_key.to_user_string(): m.metadata for m in result.asset_materializations_for_node(
            "ingest_company_exports")}
        assert set(by_key) == {"production_items", "shipments"}
        assert by_key["shipments"]["rows_loaded"].value == 3
        assert by_key["production_items"]["rows_read"].value == 5
        assert by_key["shipments"]["first_date"].value == "2025-01-08"
        assert dg.materialize(assets, selection=dg.AssetSelection.groups("model"), instance=instance,
                              resources=resources).success
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    batches = con.execute("SELECT batch_id, input_dry_t, round(output_dry_t, 3) FROM production_batches").fetchall()
    flows = con.execute("SELECT count(*), count(*) FILTER (WHERE within_cluster) FROM material_flows").fetchall()
    con.close()
    # 385 t dry in; 184.8 + 112 + 50 + 36 = 382.8 t dry out
    assert batches == [("B1", 385.0, 382.8)]
    assert flows == [(3, 2)]


def test_cli_build_prints_a_summary_and_is_idempotent(
    settings: Settings, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the CLI sets these for the Dagster instance and code it runs; restore them after the test
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    args = ["build", "--workspace", str(settings.workspace), "--home", str(settings.home)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "production  loaded                1 files          5 rows read          5 loaded" in out
    assert "receipts    loaded                2 files          2 rows read          2 loaded" in out
    assert Path(settings.home / "dagster" / "dagster.yaml").exists()
    assert main(args) == 0
    assert "no new files" in capsys.readouterr().out
    assert main(["files", "--home", str(settings.home), "--workspace", str(settings.workspace)]) == 0
    assert "utlev_2025-01.csv\tshipments\tloaded\t3\t3\t0" in capsys.readouterr().out


def test_dagster_cli_loads_the_code_location_from_pyproject(settings: Settings) -> None:
    """What `dagster dev` does first, from the repo root with no flags: find and load the location."""
    import os
    import subprocess
    import sys

    from pipelines.core.settings import REPO_ROOT

    env = {**os.environ, "SIDESTREAM_WORKSPACE": str(settings.workspace), "SIDESTREAM_HOME": str(settings.home)}
    env.pop("DAGSTER_HOME", None)
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.run([str(dagster), "definitions", "validate"], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Validation successful for code location pipelines" in proc.stdout + proc.stderr


def test_cli_lists_and_shows_quarantined_rows(
    settings: Settings, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    bad = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
           "U7;Pelletfabrikken;SF-2;Sagflis;-61,5;tonn;11.02.2025;Bil;12,5\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-02.csv").write_bytes(bad.encode("cp1252"))
    where = ["--workspace", str(settings.workspace), "--home", str(settings.home)]
    assert main(["build", *where]) == 0
    assert "rejected sagbruk/utlev_2025-02.csv: all 1 rows failed; see quarantine_rows" in capsys.readouterr().out
    assert main(["quarantine", *where]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "company_id\tfile_name\tsource_row\tdataset\tfile_status\terrors",
        "sagbruk\tutlev_2025-02.csv\t1\tshipments\trejected\tquantity: -61,5 is negative",
    ]
    assert main(["quarantine", *where, "--file", "utlev_2025-02.csv"]) == 0
    assert '"quantity":"-61,5"' in capsys.readouterr().out
    assert main(["files", *where, "--status", "rejected"]) == 0
    assert "utlev_2025-02.csv\tshipments\trejected\t1\t0\t1" in capsys.readouterr().out
