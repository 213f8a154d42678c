"""Lot genealogy on a hand-built chain: forest -> sawmill (relabelled on receipt, mixed with logs
from an outside supplier) -> sawn timber shipped out of the cluster. Every figure is computed by
hand in the comments."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.core import lineage
from pipelines.core.settings import Settings
from pipelines.core.sql import run_sql
from tests.conftest import LINEAGE_MODELS, build_warehouse

SKOG = """
company: {id: skog, name: Skog AS, org_number: "910000055", role: harvesting,
          sites: [{id: SKOG-1, name: Hogstfelt Løkken, role: harvesting, lat: 63.12, lon: 9.7}]}
exports:
  - {name: prod, dataset: production, pattern: "prod*.csv", format: csv, delimiter: ";", encoding: utf-8,
     columns: {batch_id: batch, event_date: date, direction: dir, lot_id: lot, material: material,
               quantity: qty, unit: unit}, constants: {site: SKOG-1}}
  - {name: ship, dataset: shipments, pattern: "ship*.csv", format: csv, delimiter: ";", encoding: utf-8,
     columns: {shipment_id: id, receiver: to, lot_id: lot, material: material, quantity: qty, unit: unit,
               ship_date: date, document_no: doc}, constants: {sender_site: SKOG-1}}
"""
SAGA = """
company: {id: saga, name: Saga AS, org_number: "910000020", role: sawmill,
          sites: [{id: SAGA-1, name: Saga Orkanger, role: sawmill, lat: 63.3, lon: 9.85}]}
exports:
  - {name: rec, dataset: receipts, pattern: "rec*.csv", format: csv, delimiter: ";", encoding: utf-8,
     columns: {receipt_id: id, sender: from, document_no: doc, lot_id: lot, sender_lot_id: their_lot,
               material: material, quantity: qty, unit: unit, receipt_date: date},
     constants: {receiver_site: SAGA-1}, values: {site: {Skog AS: SKOG-1, Import AB: external}}}
  - {name: prod, dataset: production, pattern: "prod*.csv", format: csv, delimiter: ";", encoding: utf-8,
     columns: {batch_id: batch, event_date: date, direction: dir, lot_id: lot, material: material,
               quantity: qty, unit: unit, moisture_pct: w}, constants: {site: SAGA-1}}
  - {name: ship, dataset: shipments, pattern: "ship*.csv", format: csv, delimiter: ";", encoding: utf-8,
     columns: {shipment_id: id, receiver: to, lot_id: lot, material: material, quantity: qty, unit: unit,
               ship_date: date}, constants: {sender_site: SAGA-1}, values: {site: {Kunde GmbH: external}}}
"""
FILES = {
    "companies/skog/mapping.yaml": SKOG,
    "companies/saga/mapping.yaml": SAGA,
    # harvest: a batch with no inputs makes lot H-1 = 100 m3fub spruce (38.5 t dry)
    "inbox/skog/prod_2025-03.csv": ("batch;date;dir;lot;material;qty;unit\n"
                                    "H1;03.03.2025;output;H-1;SAWLOG_SPRUCE;100;m3fub\n"),
    "inbox/skog/ship_2025-03.csv": ("id;to;lot;material;qty;unit;date;doc\n"
                                    "T1;SAGA-1;H-1;SAWLOG_SPRUCE;100;m3fub;05.03.2025;WB-1\n"),
    # the sawmill books the harvester's H-1 as its own L-1 (found by waybill), and 50 m3fub from abroad
    "inbox/saga/rec_2025-03.csv": ("id;from;doc;lot;their_lot;material;qty;unit;date\n"
                                   "R1;Skog AS;WB-1;L-1;H-1;SAWLOG_SPRUCE;100;m3fub;06.03.2025\n"
                                   "R2;Import AB;;X-1;;SAWLOG_SPRUCE;50;m3fub;07.03.2025\n"),
    # batch B1: L-1 (38.5 t dry) + X-1 (50 * 0.385 = 19.25 t dry) -> 70 m3 sawn (26.95 t dry) + 20 t chips at w 45
    "inbox/saga/prod_2025-03.csv": ("batch;date;dir;lot;material;qty;unit;w\n"
                                    "B1;10.03.2025;input;L-1;SAWLOG_SPRUCE;100;m3fub;\n"
                                    "B1;10.03.2025;input;X-1;SAWLOG_SPRUCE;50;m3fub;\n"
                                    "B1;10.03.2025;output;S-1;SAWN_TIMBER;70;m3f;\n"
                                    "B1;10.03.2025;output;F-1;CHIPS;20;t;45\n"),
    "inbox/saga/ship_2025-03.csv": ("id;to;lot;material;qty;unit;date\n"
                                    "U1;Kunde GmbH;S-1;SAWN_TIMBER;70;m3f;12.03.2025\n"),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_warehouse(tmp_path_factory.mktemp("lineage"), FILES, LINEAGE_MODELS)


@pytest.fixture
def con(settings: Settings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    yield con
    con.close()


def test_edges(con: duckdb.DuckDBPyConnection) -> None:
    edges = con.execute("SELECT kind, from_site, from_lot, to_site, to_lot, round(share, 6), round(qty, 4), ref "
                        "FROM lot_edges ORDER BY ALL").fetchall()
    assert edges == [
        ("external_in", "external", "Import AB", "SAGA-1", "X-1", 1.0, 19.25, "R2"),
        ("external_out", "SAGA-1", "S-1", "external", "Kunde GmbH", 1.0, 26.95, "U1"),
        # shares: 38.5 / 57.75 = 2/3 and 19.25 / 57.75 = 1/3; chips 20 t * 0.55 = 11 t dry
        ("production", "SAGA-1", "L-1", "SAGA-1", "F-1", 0.666667, 7.3333, "B1"),
        ("production", "SAGA-1", "L-1", "SAGA-1", "S-1", 0.666667, 17.9667, "B1"),
        ("production", "SAGA-1", "X-1", "SAGA-1", "F-1", 0.333333, 3.6667, "B1"),
        ("production", "SAGA-1", "X-1", "SAGA-1", "S-1", 0.333333, 8.9833, "B1"),
        # relabelled on receipt: the harvester's H-1 became the sawmill's L-1 (matched by waybill WB-1)
        ("transfer", "SKOG-1", "H-1", "SAGA-1", "L-1", 1.0, 38.5, "T1"),
    ]


def test_origins_and_mixed_lot(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT site_id, lot_id, origin, round(share, 6) FROM lot_origins('SAGA-1', 'S-1') "
                       "ORDER BY ALL").fetchall() == [
        ("SKOG-1", "H-1", "harvest", 0.666667),
        ("external", "Import AB", "external", 0.333333),
    ]
    tree = lineage.trace(con, "SAGA-1", "S-1", "up", 30)
    assert lineage.is_mixed(tree) == [("external", "external", "Import AB")]
    clean = lineage.trace(con, "SAGA-1", "L-1", "up", 30)
    assert lineage.origins(clean) == {("harvest", "SKOG-1", "H-1"): 1.0}
    assert lineage.is_mixed(clean) == []


def test_trace_down_outline(con: duckdb.DuckDBPyConnection) -> None:
    tree = lineage.trace(con, "SKOG-1", "H-1", "down", 30)
    assert lineage.outline(tree, "down") == [
        "H-1  SAWLOG_SPRUCE  38.5 dry t  at Hogstfelt Løkken (skog)  [origin: harvest]",
        "└─ L-1  SAWLOG_SPRUCE  38.5 dry t  at Saga Orkanger (saga)  ← transfer T1 2025-03-05, 38.5 dry t",
        "   ├─ F-1  CHIPS  11.0 dry t  at Saga Orkanger (saga)  ← production B1 2025-03-10, 7.3 dry t",
        "   └─ S-1  SAWN_TIMBER  26.9 dry t  at Saga Orkanger (saga)  ← production B1 2025-03-10, 18.0 dry t",
        "      └─ Kunde GmbH  SAWN_TIMBER  26.9 dry t  at external  ← external_out U1 2025-03-12, 26.9 dry t",
    ]


def test_cli_trace_text_and_json(settings: Settings, capsys: pytest.CaptureFixture,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    where = ["--home", str(settings.home), "--workspace", str(settings.workspace)]
    assert main(["trace", "S-1", *where]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "S-1  SAWN_TIMBER  26.9 dry t  at Saga Orkanger (saga)"
    assert "MIXED: 1 ancestor lot(s) of external origin: external/Import AB" in out
    assert main(["trace", "S-1", "--json", *where]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mixed"] is True
    assert [(o["lot"], o["share"]) for o in data["origins"]] == [("Import AB", 0.333333), ("H-1", 0.666667)]
    assert [c["lot_id"] for c in data["tree"]["children"]] == ["L-1", "X-1"]
    assert main(["trace", "NOPE", *where]) == 1
    assert "lot 'NOPE' is not in the genealogy" in capsys.readouterr().err


def test_trace_stops_at_cycles(settings: Settings, tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE lot_edges (kind VARCHAR, from_site VARCHAR, from_lot VARCHAR, to_site VARCHAR, "
                "to_lot VARCHAR, material_code VARCHAR, qty DOUBLE, share DOUBLE, event_date DATE, ref VARCHAR, "
                "company_id VARCHAR)")
    con.execute("INSERT INTO lot_edges VALUES ('transfer','A','1','B','1',NULL,1,1,NULL,'x',NULL), "
                "('transfer','B','1','A','1',NULL,1,1,NULL,'y',NULL)")
    con.execute("CREATE TABLE lot_nodes (site_id VARCHAR, lot_id VARCHAR, material_code VARCHAR, first_date DATE, "
                "qty DOUBLE, qty_unit VARCHAR, company_id VARCHAR, site_name VARCHAR, lat DOUBLE, lon DOUBLE, "
                "origin VARCHAR)")
    run_sql(con, "model/trace_macros")
    assert con.execute("SELECT depth, site_id FROM trace_up('A', '1') ORDER BY depth").fetchall() == [
        (0, "A"), (1, "B")]


def test_origin_statement_for_a_pure_forest_lot(settings: Settings, con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.core import eudr

    doc = eudr.geojson("SAGA-1/L-1", eudr.origin_plots(con, "SAGA-1", "L-1"))
    text = eudr.dumps(doc)
    parsed = json.loads(text)
    assert parsed["type"] == "FeatureCollection"
    (feature,) = parsed["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [9.7, 63.12]}  # [lon, lat], WGS84
    assert '"coordinates": [9.700000, 63.120000]' in text  # at least 6 decimals as written
    assert feature["properties"] == {
        "plot_id": "SKOG-1", "plot_name": "Hogstfelt Løkken", "producer": "Skog AS",
        "producer_org_number": "910000055", "country": "NO", "area_ha": None, "share_of_lot": 1.0,
    }


def test_origin_statement_refused_for_a_mixed_lot(con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.core import eudr

    with pytest.raises(eudr.MixedLot) as info:
        eudr.origin_plots(con, "SAGA-1", "S-1")
    assert str(info.value) == (
        "lot SAGA-1/S-1 is mixed: its ancestry includes wood of unknown origin, so no origin statement can be "
        "made; ancestors: external external/Import AB (33.3% of the lot)")


def test_plots_over_4_ha_are_closed_polygons_and_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.core import eudr

    ring = [(9.7, 63.12), (9.71, 63.12), (9.71, 63.125), (9.7, 63.125)]
    big = eudr.Plot("P1", "Teig 1", "Skog AS", "910000055", 63.1225, 9.705, 0.75, area_ha=12.5, ring=ring)
    small = eudr.Plot("P2", "Teig 2", "Skog AS", "910000055", 63.2, 9.8, 0.25, area_ha=3.0, ring=ring)
    doc = json.loads(eudr.dumps(eudr.geojson("X/1", [big, small])))
    polygon, point = (f["geometry"] for f in doc["features"])
    assert polygon["type"] == "Polygon" and polygon["coordinates"][0][0] == polygon["coordinates"][0][-1]
    assert len(polygon["coordinates"][0]) == 5
    assert point == {"type": "Point", "coordinates": [9.8, 63.2]}
    assert sum(f["properties"]["share_of_lot"] for f in doc["features"]) == 1.0
    monkeypatch.setattr(eudr, "MAX_BYTES", 100)
    with pytest.raises(ValueError, match="above the EUDR limit of 100"):
        eudr.dumps(eudr.geojson("X/1", [big]))


def test_cli_origin(settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    where = ["--home", str(settings.home), "--workspace", str(settings.workspace)]
    assert main(["origin", "L-1", "--out", str(tmp_path / "l1.geojson"), *where]) == 0
    assert json.loads((tmp_path / "l1.geojson").read_text(encoding="utf-8"))["features"][0]["properties"][
        "plot_id"] == "SKOG-1"
    assert main(["origin", "S-1", *where]) == 2
    assert "is mixed" in capsys.readouterr().err


def test_material_circularity_of_the_chain(settings: Settings) -> None:
    # M = 38.5 t dry harvested + 19.25 t bought abroad = 57.75; none of it recycled, burned or sent to
    # recycling in the cluster (the sawn timber is sold out): V = M, W = M, LFI = 1, MCI = 1 - 0.9 = 0.1
    con = duckdb.connect(str(settings.warehouse))
    try:
        for name in ("kpi/macros", "kpi/settings", "kpi/mci_macro", "kpi/mci"):
            run_sql(con, name, {"reconciliation_tolerance": 0.02, "mass_balance_tolerance": 0.05,
                                "mci_sustainable_share": 0.0})
        rows = con.execute("SELECT period_start, round(feedstock_dry_t, 6), f_r, c_e, c_r, round(value, 6), reason "
                           "FROM kpi_mci").fetchall()
    finally:
        con.close()
    assert rows == [(datetime.date(2025, 1, 1), 57.75, 0.0, 0.0, 0.0, 0.1, None)]
