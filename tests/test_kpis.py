"""KPIs on a hand-built three-company cluster; every expected value is worked out in the comments."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipelines.core.settings import Settings
from pipelines.definitions import build_definitions

SAGA = """
company: {id: saga, name: Saga AS, org_number: "910000020", role: sawmill,
          sites: [{id: SAGA-1, name: Saga, role: sawmill, lat: 63.3, lon: 9.85}]}
exports:
  - {name: prod, dataset: production, pattern: "prod*.csv", format: csv, encoding: utf-8,
     columns: {batch_id: batch, event_date: date, direction: dir, lot_id: lot, material: material, quantity: qty,
               unit: unit, moisture_pct: w}, constants: {site: SAGA-1}}
  - {name: ship, dataset: shipments, pattern: "ship*.csv", format: csv, encoding: utf-8,
     columns: {shipment_id: id, receiver: to, material: material, quantity: qty, unit: unit, moisture_pct: w,
               ship_date: date}, constants: {sender_site: SAGA-1}, values: {site: {Pellet Export AS: external}}}
  - {name: waste, dataset: treatments, pattern: "avfall*.csv", format: csv, encoding: utf-8,
     columns: {receiver: to, operation: code, material: material, quantity: qty, unit: unit, moisture_pct: w,
               treatment_date: date}, constants: {site: SAGA-1}, values: {site: {Deponi AS: external}}}
  - {name: stock, dataset: stock, pattern: "lager*.csv", format: csv, encoding: utf-8,
     columns: {material: material, quantity: qty, unit: unit, count_date: date}, constants: {site: SAGA-1}}
"""
SPON = """
company: {id: spon, name: Spon AS, org_number: "910000039", role: board_mill,
          sites: [{id: SPON-1, name: Sponplate, role: board_mill, lat: 63.2, lon: 10.1}]}
exports:
  - {name: rec, dataset: receipts, pattern: "rec*.csv", format: csv, encoding: utf-8, decimal: ".",
     columns: {receipt_id: id, sender: from, shipment_id: ref, material: material, quantity: qty, unit: unit,
               moisture_pct: w, receipt_date: date}, constants: {receiver_site: SPON-1}}
  - {name: waste, dataset: treatments, pattern: "avfall*.csv", format: csv, encoding: utf-8,
     columns: {receiver: to, operation: code, material: material, quantity: qty, unit: unit, moisture_pct: w,
               treatment_date: date}, constants: {site: SPON-1}}
"""
SMELT = """
company: {id: smelt, name: Smelt AS, org_number: "910000047", role: smelter,
          sites: [{id: SMELT-1, name: Verket, role: smelter, lat: 63.31, lon: 9.86}]}
exports:
  - {name: heat, dataset: energy, pattern: "heat*.csv", format: csv, encoding: utf-8, date_format: yyyy-mm-dd,
     columns: {measure: measure, receiver: to, material: material, quantity: mwh, unit: unit,
               period_start: from, period_end: until},
     constants: {site: SMELT-1}, values: {site: {Orkanger Fjernvarme: external}}}
"""
FILES = {
    "companies/saga/mapping.yaml": SAGA,
    "companies/spon/mapping.yaml": SPON,
    "companies/smelt/mapping.yaml": SMELT,
    # 100 m3fub of logs -> 48 m3 sawn; by-products in dry t: chips 20 t x 0.55 = 11, sawdust 10 t x 0.5 = 5,
    # bark 8 t x 0.45 = 3.6; G = 19.6
    "inbox/saga/prod_2025-03.csv": ("batch;date;dir;lot;material;qty;unit;w\n"
                                    "B1;10.03.2025;input;L-1;SAWLOG_SPRUCE;100;m3fub;\n"
                                    "B1;10.03.2025;output;S-1;SAWN_TIMBER;48;m3f;\n"
                                    "B1;10.03.2025;output;F-1;CHIPS;20;t;45\n"
                                    "B1;10.03.2025;output;SF-1;SAWDUST;10;t;50\n"
                                    "B1;10.03.2025;output;BA-1;BARK;8;t;55\n"),
    # chips to a cluster member (11 dry t, exchanged), sawdust out of the cluster (5 dry t)
    "inbox/saga/ship_2025-03.csv": ("id;to;material;qty;unit;w;date\n"
                                    "U1;SPON-1;CHIPS;20;t;45;12.03.2025\n"
                                    "U2;Pellet Export AS;SAWDUST;10;t;50;13.03.2025\n"),
    # stock: 100 m3fub of logs (38.5 dry t) at the end of February, 46 m3 sawn (17.71 dry t) at the end of March
    "inbox/saga/lager_2025-03.csv": ("material;qty;unit;date\nSAWLOG_SPRUCE;100;m3fub;28.02.2025\n"
                                     "SAWN_TIMBER;46;m3f;31.03.2025\n"),
    # bark to landfill: 3.6 dry t disposed (not a use)
    "inbox/saga/avfall_2025-03.csv": "to;code;material;qty;unit;w;date\nDeponi AS;D1;BARK;8;t;55;20.03.2025\n",
    # the board mill weighs 19.8 t of the chips: 10.89 dry t, -1 % (within the 2 % tolerance)
    "inbox/spon/rec_2025-03.csv": "id;from;ref;material;qty;unit;w;date\nR1;SAGA-1;U1;CHIPS;19.8;t;45;12.03.2025\n",
    # sanding dust burned for energy: 2 t x 0.95 = 1.9 dry t recovered (R1)
    "inbox/spon/avfall_2025-03.csv": "to;code;material;qty;unit;w;date\nSPON-1;R1;SANDING_DUST;2;t;5;25.03.2025\n",
    # March: 100 MWh recoverable, 60 MWh delivered to district heating; April: 10 MWh delivered, but
    # the recoverable amount was not reported
    "inbox/smelt/heat_2025-03.csv": ("measure;to;material;mwh;unit;from;until\n"
                                     "recoverable;;SURPLUS_HEAT;100;MWh;2025-03-01;2025-03-31\n"
                                     "delivered;Orkanger Fjernvarme;SURPLUS_HEAT;60;MWh;2025-03-01;2025-03-31\n"
                                     "delivered;Orkanger Fjernvarme;SURPLUS_HEAT;10;MWh;2025-04-01;2025-04-30\n"),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("kpi")
    for rel, text in FILES.items():
        (root / "ws" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "ws" / rel).write_text(text, encoding="utf-8")
    settings = Settings(home=root / "home", workspace=root / "ws", memory_limit="1GB")
    d = build_definitions(settings)
    assets = [*d.assets, *d.asset_checks]
    with dg.instance_for_test() as instance:
        assert dg.materialize(assets, selection=dg.AssetSelection.groups("reference"), instance=instance,
                              resources=d.resources).success
        for company in ("saga", "smelt", "spon"):
            run = dg.materialize(assets, selection=dg.AssetSelection.groups("canonical"), instance=instance,
                                 resources=d.resources, partition_key=company)
            assert run.success and all(c.passed for c in run.get_asset_check_evaluations()
                                       if c.check_name == "expectations")
        assert dg.materialize(assets, selection=dg.AssetSelection.groups("model"), instance=instance,
                              resources=d.resources).success
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM quarantine_rows").fetchone() == (0,)
    yield con
    con.close()


def kpi(con: duckdb.DuckDBPyConnection, name: str, scope: str, period: str = "month") -> tuple:
    rows = con.execute("SELECT round(numerator, 6), round(denominator, 6), round(value, 6), reason FROM kpi_values "
                       "WHERE kpi = ? AND scope = ? AND period_type = ? AND period_start = ?",
                       [name, scope, period, "2025-03-01" if period == "month" else "2025-01-01"]).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_sawing_yield(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert kpi(warehouse, "sawing_yield", "saga") == (48.0, 100.0, 0.48, None)
    assert kpi(warehouse, "sawing_yield", "cluster", "year") == (48.0, 100.0, 0.48, None)


def test_byproducts(warehouse: duckdb.DuckDBPyConnection) -> None:
    # used: chips 11 + sawdust 5 = 16 of 19.6 generated (bark went to landfill)
    assert kpi(warehouse, "byproduct_utilization", "saga") == (16.0, 19.6, 0.816327, None)
    assert kpi(warehouse, "byproduct_utilization", "cluster") == (16.0, 19.6, 0.816327, None)
    # exchanged with a cluster member: the chips, 11 of 19.6
    assert kpi(warehouse, "inter_company_exchange_rate", "saga") == (11.0, 19.6, 0.561224, None)
    generation = warehouse.execute("SELECT material_code, round(dry_t, 6) FROM kpi_byproduct_generation "
                                   "WHERE scope = 'cluster' AND period_type = 'month' ORDER BY 1").fetchall()
    assert generation == [("BARK", 3.6), ("CHIPS", 11.0), ("SAWDUST", 5.0)]


def test_recovery_and_disposal(warehouse: duckdb.DuckDBPyConnection) -> None:
    # cluster: 1.9 t recovered (R1) and 3.6 t disposed (D1) of 5.5 t
    assert kpi(warehouse, "recovery_rate", "cluster") == (1.9, 5.5, 0.345455, None)
    assert kpi(warehouse, "disposal_rate", "cluster") == (3.6, 5.5, 0.654545, None)
    assert kpi(warehouse, "disposal_rate", "saga") == (3.6, 3.6, 1.0, None)


def test_surplus_heat(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert kpi(warehouse, "surplus_heat_utilization", "smelt") == (60.0, 100.0, 0.6, None)


def test_reconciliation(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute("SELECT shipment_id, round(sent_qty, 6), round(received_qty, 6), round(difference, 6), "
                             "status FROM shipment_reconciliation_status").fetchall()
    assert rows == [("U1", 11.0, 10.89, -0.01, "matched")]
    assert kpi(warehouse, "reconciliation_flag_rate", "saga") == (0.0, 1.0, 0.0, None)


def test_a_kpi_without_data_is_null_with_a_reason(warehouse: duckdb.DuckDBPyConnection) -> None:
    april = warehouse.execute("SELECT numerator, denominator, value, reason FROM kpi_values "
                              "WHERE kpi = 'surplus_heat_utilization' AND scope = 'smelt' AND period_type = 'month' "
                              "AND period_start = '2025-04-01'").fetchall()
    assert april == [(10.0, None, None, "no recoverable surplus heat reported for the period")]
    # the year counts what is known: (60 + 10) / 100
    assert kpi(warehouse, "surplus_heat_utilization", "smelt", "year") == (70.0, 100.0, 0.7, None)


def test_mass_balance(warehouse: duckdb.DuckDBPyConnection) -> None:
    # March at SAGA-1, dry t: in = produced 18.48 + 11 + 5 + 3.6 = 38.08 (nothing received);
    # out = shipped 11 + 5, treated 3.6, consumed 38.5 = 58.1; stock 17.71 - 38.5 = -20.79;
    # imbalance = 38.08 - 58.1 + 20.79 = 0.77 (2 m3 sawn unaccounted for); error = 0.77 / 38.08
    row = warehouse.execute("SELECT round(in_t, 6), round(out_t, 6), round(delta_stock, 6), round(imbalance, 6), "
                            "round(closure_error, 6), flagged, reason FROM mass_balance WHERE site_id = 'SAGA-1'"
                            ).fetchall()
    assert row == [(38.08, 58.1, -20.79, 0.77, 0.020221, False, None)]
    assert kpi(warehouse, "mass_balance_closure_error", "cluster") == (0.77, 38.08, 0.020221, None)


def test_cascade_shares(warehouse: duckdb.DuckDBPyConnection) -> None:
    # uses: chips 11 to a board mill (material), sawdust 5 out of the cluster (unknown): 11 / 16 and 0 / 16
    assert kpi(warehouse, "material_use_share", "saga") == (11.0, 16.0, 0.6875, None)
    assert kpi(warehouse, "energy_use_share", "saga") == (0.0, 16.0, 0.0, None)


@pytest.mark.parametrize(
    ("f_r", "c_r", "expected"),
    [
        (0.0, 0.0, 0.1),   # all virgin, all lost: the linear floor of the MCI
        (0.5, 0.5, 0.55),  # half recycled in, half collected for recycling: LFI = 0.5
        (1.0, 1.0, 1.0),   # fully circular
    ],
)
def test_mci_formula(f_r: float, c_r: float, expected: float) -> None:
    from pipelines.core.sql import run_sql

    con = duckdb.connect()
    run_sql(con, "kpi/mci_macro")
    value = con.execute("SELECT mci(100.0, ?, 0, 0, ?, 0, 0, 0.0, 1, 1, 1)", [f_r, c_r]).fetchone()[0]
    assert value == pytest.approx(expected)
