"""Ingesting the three-company fixture: every dialect, exact canonical values, lineage, re-runs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.core.ingest import ingest_company
from pipelines.core.settings import Settings
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace


def build(settings: Settings) -> dict[str, list]:
    ws = load_workspace(settings.workspace, reference_codes())
    assert ws.errors == {}
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        return {c: ingest_company(con, ws, c, settings) for c in ws.company_ids}


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_semicolon_comma_windows1252_production(settings: Settings) -> None:
    results = build(settings)
    assert [(r.file_name, r.status, r.rows_read, r.rows_loaded) for r in results["sagbruk"]] == [
        ("produksjon_2025-01.csv", "loaded", 5, 5),
        ("utlev_2025-01.csv", "loaded", 3, 3),
    ]
    rows = query(settings, "SELECT source_row, direction, lot_id, material_code, qty_reported, unit_reported, "
                 "unit_code, moisture_pct, moisture_source, round(dry_t, 4), round(solid_m3, 4) "
                 "FROM production_items ORDER BY source_row")
    assert rows == [
        # 1 000,0 m3fub spruce sawlogs: solid 1000; dry = 1000 * 385 kg/m3 = 385 t
        (1, "input", "L-100", "SAWLOG_SPRUCE", 1000.0, "m3fub", "m3fub", 50.0, "default", 385.0, 1000.0),
        # 480 m3 sawn: dry = 480 * 0.385 = 184.8 t
        (2, "output", "S-1", "SAWN_TIMBER", 480.0, "m3f", "m3f", 18.0, "reported", 184.8, 480.0),
        # 700 loose m3 chips * 0.40 solid fraction = 280 m3 solid; * 0.400 t/m3 = 112 t dry
        (3, "output", "F-1", "CHIPS", 700.0, "løs m3", "m3s", 45.0, "default", 112.0, 280.0),
        # 100 green t sawdust at w = 0.50 -> 50 t dry; 50 000 kg / 400 kg/m3 = 125 m3 solid
        (4, "output", "SF-1", "SAWDUST", 100.0, "tonn", "t", 50.0, "reported", 50.0, 125.0),
        # 80 green t bark at w = 0.55 -> 36 t dry; 36 000 / 340 = 105.8824 m3 solid
        (5, "output", "BA-1", "BARK", 80.0, "tonn", "t", 55.0, "reported", 36.0, 105.8824),
    ]
    batches = query(settings, "SELECT batch_id, event_date FROM production_items GROUP BY ALL")
    assert batches == [("B1", dt.date(2025, 1, 6))]


def test_shipments_with_constants_value_maps_and_external_party(settings: Settings) -> None:
    build(settings)
    rows = query(settings, "SELECT shipment_id, sender_site_id, receiver_site_id, receiver_name, transport_mode, "
                 "distance_km, ship_date, round(dry_t, 3) FROM shipments ORDER BY shipment_id")
    assert rows == [
        ("U1", "SAG-1", "PEL-1", "Pelletfabrikken", "truck", 12.5, dt.date(2025, 1, 8), 30.0),
        ("U2", "SAG-1", "FJV-1", "Fjernvarmen", "truck", 3.0, dt.date(2025, 1, 9), 18.0),
        # thousands separator: '1 050' km; sawn timber in m3: 480 * 0.385 = 184.8 t dry
        ("U3", "SAG-1", None, "Eksport Tyskland", "ship", 1050.0, dt.date(2025, 1, 10), 184.8),
    ]


def test_xlsx_title_row_serial_dates_and_second_sheet(settings: Settings) -> None:
    results = build(settings)
    assert [(r.status, r.rows_read) for r in results["pellet"]] == [("loaded", 1)]
    rows = query(settings, "SELECT receipt_id, receiver_site_id, sender_site_id, shipment_id, material_code, "
                 "qty_reported, unit_code, moisture_pct, receipt_date, round(dry_t, 4) FROM receipts "
                 "WHERE company_id = 'pellet'")
    # 59 400 kg at w = 0.495 -> 59.4 * 0.505 = 29.997 t dry; serial 45665 = 2025-01-08
    assert rows == [("M1", "PEL-1", "SAG-1", "U1", "SAWDUST", 59400.0, "kg", 49.5, dt.date(2025, 1, 8), 29.997)]


def test_bom_csv_energy_and_chips_bought_in_mwh(settings: Settings) -> None:
    build(settings)
    energy = query(settings, "SELECT site_id, receiver_site_id, receiver_name, measure, material_code, energy_mwh, "
                   "period_start, period_end, dry_t FROM energy_flows")
    assert energy == [("FJV-1", None, "Kunder", "produced", "DISTRICT_HEAT", 5200.5, dt.date(2025, 1, 1),
                       dt.date(2025, 1, 31), None)]
    (dry_t, mwh), = query(settings, "SELECT dry_t, energy_mwh FROM receipts WHERE company_id = 'fjernvarme'")
    # 75 MWh of bark at w = 0.55: q_ar = 19.1*0.45 - 2.443*0.55 = 7.25135 MJ/kg;
    # green t = 75 * 3.6 / 7.25135 = 37.23444; dry = 0.45 * that = 16.75550 t; energy round-trips to 75 MWh
    assert dry_t == pytest.approx(16.75550, abs=1e-5)
    assert mwh == pytest.approx(75.0, abs=1e-9)


def test_lineage_every_row_points_at_its_file(settings: Settings) -> None:
    build(settings)
    orphans = query(settings, """
        SELECT count(*) FROM (
            SELECT file_hash FROM production_items UNION ALL SELECT file_hash FROM shipments
            UNION ALL SELECT file_hash FROM receipts UNION ALL SELECT file_hash FROM energy_flows
        ) t LEFT JOIN ingest_files f USING (file_hash) WHERE f.file_hash IS NULL""")
    assert orphans == [(0,)]
    ledger = query(settings, "SELECT company_id, file_name, dataset, status, rows_read, rows_loaded, "
                   "rows_quarantined, first_date, last_date FROM ingest_files ORDER BY ALL")
    assert ledger == [
        ("fjernvarme", "energi_2025-01.csv", "energy", "loaded", 1, 1, 0, dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
        ("fjernvarme", "mottak_2025-01.csv", "receipts", "loaded", 1, 1, 0, dt.date(2025, 1, 9), dt.date(2025, 1, 9)),
        ("pellet", "mottak_2025-01.xlsx", "receipts", "loaded", 1, 1, 0, dt.date(2025, 1, 8), dt.date(2025, 1, 8)),
        ("sagbruk", "produksjon_2025-01.csv", "production", "loaded", 5, 5, 0,
         dt.date(2025, 1, 6), dt.date(2025, 1, 6)),
        ("sagbruk", "utlev_2025-01.csv", "shipments", "loaded", 3, 3, 0, dt.date(2025, 1, 8), dt.date(2025, 1, 10)),
    ]


def test_second_run_changes_nothing_and_a_renamed_copy_is_a_recorded_duplicate(settings: Settings) -> None:
    build(settings)
    inbox = settings.workspace / "inbox" / "sagbruk"
    shutil.copyfile(inbox / "utlev_2025-01.csv", inbox / "utlev_2025-01_kopi.csv")
    results = build(settings)
    statuses = {(r.file_name, r.status) for rs in results.values() for r in rs}
    assert ("utlev_2025-01_kopi.csv", "duplicate") in statuses
    assert {s for _, s in statuses} == {"unchanged", "duplicate"}
    assert query(settings, "SELECT status, duplicate_of, message, rows_read FROM ingest_files "
                 "WHERE file_name = 'utlev_2025-01_kopi.csv'") == [
        ("duplicate", "utlev_2025-01.csv", "same bytes as sagbruk/utlev_2025-01.csv (loaded); nothing loaded", 0)
    ]
    assert query(settings, "SELECT count(*) FROM shipments") == [(3,)]
    third = build(settings)
    assert {r.status for rs in third.values() for r in rs} == {"unchanged"}
    assert query(settings, "SELECT count(*) FROM ingest_files") == [(6,)]


def test_bad_rows_are_quarantined_with_reasons_and_good_rows_load(settings: Settings) -> None:
    bad = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
           "U7;Pelletfabrikken;SF-2;Sagflis;61,5;tonn;11.01.2025;Bil;12,5\n"
           "U8;Ukjent AS;SF-3;Kvist;12,3,4;kubikk;31.02.2025;Fly;x\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-02.csv").write_bytes(bad.encode("cp1252"))
    results = build(settings)
    r = next(r for r in results["sagbruk"] if r.file_name == "utlev_2025-02.csv")
    assert (r.status, r.rows_read, r.rows_loaded, r.rows_quarantined) == ("partially_loaded", 2, 1, 1)
    (row, errors), = query(settings, "SELECT source_row, errors FROM quarantine_rows")
    assert row == 2
    assert errors == [
        "receiver: unknown party 'Ukjent AS'; map it under values.site to a site id or to external",
        "ship_date: '31.02.2025' is not a date in dd.mm.yyyy",
        "transport_mode: 'Fly' is not one of conveyor, pipe, rail, ship, truck; map it under values.transport_mode",
        "distance_km: 'x' is not a number",
        "material: unknown material 'Kvist'; map it under values.material",
        "quantity: '12,3,4' is not a number (decimal ',')",
        "unit: unknown unit 'kubikk'; map it under values.unit",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("utlev_tom.csv", b"", "the file is empty (0 bytes)"),
        ("utlev_header.csv", "Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
         .encode("cp1252"), "the file has a header but no data rows"),
        ("utlev_feil.csv", b"Nr;Til\n1;2\n", "missing column(s) 'Følgeseddel' (for shipment_id)"),
        ("utlev_bytes.csv", b"F\x81lgeseddel;Mottaker\n", "byte 0x81 at offset 1 (line 1) is not valid Windows-1252"),
        ("rapport.pdf", b"%PDF-1.4",
         "matches no export pattern in the mapping (patterns: produksjon_*.csv, utlev_*.csv)"),
    ],
)
def test_unreadable_files_are_rejected_whole_with_a_message(
    settings: Settings, name: str, content: bytes, message: str
) -> None:
    (settings.workspace / "inbox/sagbruk" / name).write_bytes(content)
    results = build(settings)
    r = next(r for r in results["sagbruk"] if r.file_name == name)
    assert r.status == "rejected"
    assert message in r.message
    assert query(settings, "SELECT status, rows_loaded FROM ingest_files WHERE file_name = ?", [name]) == [
        ("rejected", 0)
    ]
    assert query(settings, "SELECT count(*) FROM shipments") == [(3,)]


def test_a_failing_load_leaves_no_partial_rows(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipelines.core.ingest as ingest

    real = ingest.run_sql

    def fail_on_quarantine(con, name, *args, **kwargs):
        if name == "staging/file_counts":
            raise duckdb.IOException("disk full (simulated)")
        return real(con, name, *args, **kwargs)

    monkeypatch.setattr(ingest, "run_sql", fail_on_quarantine)
    results = build(settings)
    assert all(r.status == "rejected" and "disk full" in r.message for rs in results.values() for r in rs)
    for table in ("production_items", "shipments", "receipts", "energy_flows"):
        assert query(settings, f"SELECT count(*) FROM {table}") == [(0,)]
    monkeypatch.undo()


def test_sample_path_is_relative_to_inbox(settings: Settings) -> None:
    sub = settings.workspace / "inbox/sagbruk/2025"
    sub.mkdir()
    Path(sub / "utlev_2025-03.csv").write_bytes(b"x")
    ws = load_workspace(settings.workspace, reference_codes())
    names = [f.relative_name for f in ws.inbox_files("sagbruk")]
    assert "2025/utlev_2025-03.csv" in names


def test_corrected_reexport_supersedes_and_old_rows_are_retired(settings: Settings) -> None:
    build(settings)
    corrected = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
                 "U1;Pelletfabrikken;SF-1;Sagflis;62,0;tonn;08.01.2025;Bil;12,5\n"
                 "U2;Fjernvarmen;BA-1;Bark;40,0;tonn;09.01.2025;Bil;3\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-01_korrigert.csv").write_bytes(corrected.encode("cp1252"))
    (r,) = [r for r in build(settings)["sagbruk"] if r.status != "unchanged"]
    assert (r.status, r.rows_loaded, r.superseded) == ("loaded", 2, ("utlev_2025-01.csv",))
    assert r.message == "supersedes utlev_2025-01.csv"
    ledger = query(settings, "SELECT file_name, status, period_start, period_end, superseded_by IS NOT DISTINCT FROM ? "
                   "FROM ingest_files WHERE dataset = 'shipments' ORDER BY file_name", [r.file_hash])
    assert ledger == [
        ("utlev_2025-01.csv", "superseded", dt.date(2025, 1, 1), dt.date(2025, 1, 31), True),
        ("utlev_2025-01_korrigert.csv", "loaded", dt.date(2025, 1, 1), dt.date(2025, 1, 31), False),
    ]
    # the KPIs' source now holds only the corrected rows; the old three are kept for audit
    assert query(settings, "SELECT shipment_id, qty_reported FROM shipments ORDER BY 1") == [("U1", 62.0), ("U2", 40.0)]
    assert query(settings, "SELECT count(*), count(DISTINCT superseded_by) FROM shipments_retired") == [(3, 1)]


def test_a_file_that_only_overlaps_an_earlier_period_loads_with_a_warning(settings: Settings) -> None:
    build(settings)
    wider = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
             "U9;Pelletfabrikken;SF-9;Sagflis;10,0;tonn;31.12.2024;Bil;12,5\n")
    (settings.workspace / "inbox/sagbruk/utlev_2024-12.csv").write_bytes(wider.encode("cp1252"))
    (r,) = [r for r in build(settings)["sagbruk"] if r.status != "unchanged"]
    assert (r.status, r.superseded, r.message) == ("loaded", (), None)
    spanning = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
                "U10;Pelletfabrikken;SF-10;Sagflis;10,0;tonn;31.01.2025;Bil;12,5\n"
                "U11;Pelletfabrikken;SF-11;Sagflis;10,0;tonn;01.02.2025;Bil;12,5\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-01_02.csv").write_bytes(spanning.encode("cp1252"))
    (r,) = [r for r in build(settings)["sagbruk"] if r.status != "unchanged"]
    # Jan-Feb contains January's file, so it replaces it
    assert r.superseded == ("utlev_2025-01.csv",)
    march = ("Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km\n"
             "U12;Pelletfabrikken;SF-12;Sagflis;10,0;tonn;28.02.2025;Bil;12,5\n"
             "U13;Pelletfabrikken;SF-13;Sagflis;10,0;tonn;01.03.2025;Bil;12,5\n")
    (settings.workspace / "inbox/sagbruk/utlev_2025-02_03.csv").write_bytes(march.encode("cp1252"))
    (r,) = [r for r in build(settings)["sagbruk"] if r.status != "unchanged"]
    assert (r.status, r.superseded) == ("loaded", ())
    assert r.message == ("warning: period 2025-02-01..2025-03-31 overlaps utlev_2025-01_02.csv, which stay loaded; "
                         "export the same period to replace a file")
