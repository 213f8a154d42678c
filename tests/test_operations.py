"""Steward operations: the inbox sensor, the schedules and the monthly period report."""

from __future__ import annotations

import datetime as dt
import json
import os
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.cli import main
from pipelines.core.inbox_watch import scan
from pipelines.core.ingest import file_sha256
from pipelines.core.settings import Settings
from pipelines.core.warehouse import reference_codes
from pipelines.core.workspace import load_workspace
from pipelines.definitions import build_definitions

OSLO = ZoneInfo("Europe/Oslo")


def test_scan_hashes_only_new_or_changed_files(settings: Settings) -> None:
    ws = load_workspace(settings.workspace, reference_codes())
    found, cursor = scan(ws, {})
    assert sorted((f.company_id, f.file_name) for f in found) == [
        ("fjernvarme", "energi_2025-01.csv"), ("fjernvarme", "mottak_2025-01.csv"),
        ("pellet", "mottak_2025-01.xlsx"), ("sagbruk", "produksjon_2025-01.csv"), ("sagbruk", "utlev_2025-01.csv"),
    ]
    assert scan(ws, cursor)[0] == []
    path = settings.workspace / "inbox/sagbruk/utlev_2025-01.csv"
    path.write_bytes(path.read_bytes() + "U9;Pelletfabrikken;SF-9;Sagflis;1,0;tonn;12.01.2025;Bil;1\n".encode("cp1252"))
    (again,) = scan(ws, cursor)[0]
    assert (again.file_name, again.sha256) == ("utlev_2025-01.csv", file_sha256(path))


def test_inbox_sensor_requests_one_run_per_new_file_content(settings: Settings) -> None:
    d = build_definitions(settings)
    sensor = d.get_sensor_def("inbox_sensor")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, resources=d.resources,
                                                             definitions=d))
        keys = sorted((r.partition_key, r.run_key) for r in first.run_requests)
        sha = file_sha256(settings.workspace / "inbox/pellet/mottak_2025-01.xlsx")
        assert ("pellet", f"pellet:{sha}") in keys and len(keys) == 5
        second = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, resources=d.resources,
                                                              definitions=d, cursor=first.cursor))
        assert second.run_requests == []
        assert json.loads(second.cursor) == json.loads(first.cursor)


def test_schedules(settings: Settings) -> None:
    d = build_definitions(settings)
    nightly = d.get_schedule_def("nightly_refresh")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Europe/Oslo")
    assert nightly.job_name == "refresh_reference_and_models"
    monthly = d.get_schedule_def("monthly_period_report_schedule")
    with dg.instance_for_test() as instance, dg.build_schedule_context(
        instance=instance, scheduled_execution_time=dt.datetime(2025, 3, 2, 6, 0, tzinfo=OSLO)
    ) as ctx:
        (request,) = monthly.evaluate_tick(ctx).run_requests
    assert request.partition_key == "2025-02-01"  # the month that just ended


def test_period_report_for_a_month(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    assert main(["build", "--workspace", str(settings.workspace), "--home", str(settings.home)]) == 0
    d = build_definitions(settings)
    with dg.instance_for_test() as instance:
        result = dg.materialize([*d.assets], selection=dg.AssetSelection.assets("period_report"), instance=instance,
                                resources=d.resources, partition_key="2025-01-01")
    assert result.success
    text = (settings.home / "published/reports/2025-01.md").read_text(encoding="utf-8")
    assert text.startswith("# Cluster report 2025-01\n")
    # the fixture's sawmill: 480 m3 sawn from 1000 m3fub of logs
    assert "| sawing_yield | 0.480 | 480.0 | 1,000.0 | m3/m3 |  |" in text
    assert "| loaded | 5 | 11 | 0 | 3 |" in text  # 5 + 3 + 1 + 1 + 1 rows from 3 companies
    assert not [p for p in os.listdir(settings.home / "published/reports") if p.startswith(".")]


def test_overdue_exports_are_flagged(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture) -> None:
    import duckdb

    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    assert main(["build", "--workspace", str(settings.workspace), "--home", str(settings.home)]) == 0
    # the fixture's files cover January 2025, cadence monthly: the February export was due 2025-03-10
    assert "export_freshness  exports_on_time warning (5)" in capsys.readouterr().out
    con = duckdb.connect(str(settings.home / "published/warehouse.duckdb"), read_only=True)
    rows = con.execute("SELECT company_id, export_name, covered_until, due_by, overdue FROM export_freshness "
                       "ORDER BY ALL").fetchall()
    con.close()
    assert rows == [
        ("fjernvarme", "energy", dt.date(2025, 1, 31), dt.date(2025, 3, 10), True),
        ("fjernvarme", "receipts", dt.date(2025, 1, 31), dt.date(2025, 3, 10), True),
        ("pellet", "receipts", dt.date(2025, 1, 31), dt.date(2025, 3, 10), True),
        ("sagbruk", "production", dt.date(2025, 1, 31), dt.date(2025, 3, 10), True),
        ("sagbruk", "shipments", dt.date(2025, 1, 31), dt.date(2025, 3, 10), True),
    ]
