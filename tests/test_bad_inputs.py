"""The bad-input corpus (tests/fixtures/bad_inputs): every case's exact outcome, and that nothing
else was lost or counted twice. Each case runs in a fresh workspace; files under a case's
`before/` folder are ingested first."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.core.datasets import TABLES
from pipelines.core.ingest import FileResult, ingest_company
from pipelines.core.settings import Settings
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace

CORPUS = Path(__file__).parent / "fixtures" / "bad_inputs"
READ = "cannot read as CSV (windows-1252, delimiter ';'): "
MISSING_ALL = ("missing column(s) 'Følgeseddel' (for shipment_id), 'Mottaker' (for receiver), 'Parti' (for lot_id), "
               "'Produkt' (for material), 'Mengde' (for quantity), 'Enhet' (for unit), 'Fukt' (for moisture_pct), "
               "'Dato' (for ship_date); the header row 1 has: ")

# case: (file, status, rows read, loaded, quarantined, ledger message, {quarantined row: [errors]})
CASES: dict[str, tuple[str, str, int, int, int, str | None, dict[int, list[str]]]] = {
    "good_windows1252": ("utlev_2025-01.csv", "loaded", 2, 2, 0, None, {}),
    "crlf_line_endings": ("utlev_2025-01.csv", "loaded", 2, 2, 0, None, {}),
    "extra_and_reordered_columns": ("utlev_2025-01.csv", "loaded", 2, 2, 0, None, {}),
    "odd_characters_in_name": ("utlev_2025-01 Æøå #1 (endelig).csv", "loaded", 2, 2, 0, None, {}),
    "truncated_file": ("utlev_2025-01.csv", "rejected", 0, 0, 0, READ + "CSV Error on Line: 4 Original Line: "
                       "U3;Pelletfabrikken;SF-3;Sag Expected Number of Columns: 8 Found: 4", {}),
    "very_long_line": ("utlev_2025-01.csv", "rejected", 0, 0, 0, None, {}),
    "wrong_delimiter": ("utlev_2025-01.csv", "rejected", 0, 0, 0,
                        MISSING_ALL + "'Følgeseddel,Mottaker,Parti,Produkt,Mengde,Enhet,Fukt,Dato'", {}),
    "missing_header": ("utlev_2025-01.csv", "rejected", 0, 0, 0, MISSING_ALL + "'U1', 'Pelletfabrikken', 'SF-1', "
                       "'Sagflis', '60,0', 'tonn', '50', '08.01.2025'", {}),
    "empty_file": ("utlev_2025-01.csv", "rejected", 0, 0, 0, "the file is empty (0 bytes)", {}),
    "header_only": ("utlev_2025-01.csv", "rejected", 0, 0, 0, "the file has a header but no data rows", {}),
    "utf8_bom_declared_windows1252": ("utlev_2025-01.csv", "rejected", 0, 0, 0, "the file starts with a UTF-8 "
                                      "byte-order mark but the mapping declares windows-1252; if the file is UTF-8, "
                                      "declare encoding: utf-8-sig", {}),
    "invalid_windows1252_byte": ("utlev_2025-01.csv", "rejected", 0, 0, 0, "byte 0x81 at offset 79 (line 2) is not "
                                 "valid Windows-1252; check the declared encoding", {}),
    "invalid_utf8_bytes": ("lager_2025-01.csv", "rejected", 0, 0, 0, "cannot read as CSV (utf-8, delimiter ','): CSV "
                           "Error on Line: 3 Original Line: Saga,Bark ??,3,tonn,2025-01-31 Invalid unicode (byte "
                           "sequence mismatch) detected. This file is not utf-8 encoded.", {}),
    "nul_bytes": ("utlev_2025-01.csv", "partially_loaded", 2, 1, 1, None,
                  {1: ["lot_id: 'SF\x00-1' is not a lot id (letters, digits and . _ / : -, at most 64)"]}),
    "decimal_point_in_comma_file": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                                    {3: ["quantity: '60.5' is not a number (decimal ',')"]}),
    "thousands_separator_wrong": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                                  {3: ["quantity: '1.200,5' is not a number (decimal ',')"]}),
    "blank_line_inside": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None, {2: [
        "shipment_id: required value is empty", "receiver: required value is empty",
        "ship_date: required value is empty", "material: required value is empty",
        "quantity: required value is empty", "unit: required value is empty"]}),
    "unknown_unit": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                     {3: ["unit: unknown unit 'sekk'; map it under values.unit"]}),
    "unknown_material": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                         {3: ["material: unknown material 'Kvist'; map it under values.material"]}),
    "unknown_site": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None, {3: [
        "receiver: unknown party 'Ukjent Mottaker AS'; map it under values.site to a site id or to external"]}),
    "negative_quantity": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                          {3: ["quantity: -12,5 is negative"]}),
    "moisture_120": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                     {3: ["moisture_pct: 120 is outside 0-70 % (wet basis)"]}),
    "date_31_02": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                   {3: ["ship_date: '31.02.2025' is not a date in dd.mm.yyyy"]}),
    "future_date": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                    {3: ["ship_date: 2099-01-15 is in the future"]}),
    "excel_serial_in_text_date_column": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                                         {3: ["ship_date: '45667' is not a date in dd.mm.yyyy"]}),
    "duplicate_shipment_ids": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                               {3: ["shipment_id: 'U1' from SAG-1 repeats row 1 of this file"]}),
    "shipment_id_already_loaded": ("utlev_2025-01.csv", "partially_loaded", 2, 1, 1, None, {
        1: ["shipment_id: 'U1' from SAG-1 is already loaded from utlev_2024-12.csv row 1"]}),
    "site_of_another_company": ("lager_2025-01.csv", "partially_loaded", 2, 1, 1, None,
                                {2: ["site: PEL-1 belongs to pellet, not to the exporting company sagbruk"]}),
    "sender_equals_receiver": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                               {3: ["receiver: SAG-1 sends to itself"]}),
    "bad_lot_id": ("utlev_2025-01.csv", "partially_loaded", 3, 2, 1, None,
                   {3: ["lot_id: 'SF 3 (gammel)' is not a lot id (letters, digits and . _ / : -, at most 64)"]}),
    "corrected_reexport_supersedes": ("utlev_2025-01_korrigert.csv", "loaded", 1, 1, 0,
                                      "supersedes utlev_2025-01.csv", {}),
    "same_bytes_other_name": ("utlev_2025-01 (kopi).csv", "duplicate", 0, 0, 0,
                              "same bytes as sagbruk/utlev_2025-01.csv (loaded); nothing loaded", {}),
    "link_out_of_inbox": ("utlev_2025-01.csv", "rejected", 0, 0, 0,
                          "is a link to a file outside the company's inbox; it was not read", {}),
    "no_matching_export": ("rapport_2025-01.pdf", "rejected", 0, 0, 0, "matches no export pattern in the mapping "
                           "(patterns: utlev_*.csv, lager_*.csv, mottak_*.xlsx)", {}),
    "oversize_file": ("utlev_2025-01.csv", "rejected", 0, 0, 0, "the file is 0.002 MB, above the limit of 0.001 MB "
                      "(SIDESTREAM_MAX_FILE_MB); split the export or raise the limit", {}),
    "xlsx_title_row_serial_dates": ("mottak_2025-01.xlsx", "loaded", 2, 2, 0, None, {}),
    "xlsx_two_sheets": ("mottak_2025-01.xlsx", "loaded", 1, 1, 0, None, {}),
    "xlsx_formulas": ("mottak_2025-01.xlsx", "loaded", 1, 1, 0, None, {}),
    "xlsx_header_not_in_row_3": ("mottak_2025-01.xlsx", "rejected", 0, 0, 0, "sheet 'Mottak' has no header in row 3",
                                 {}),
    "xlsx_date_cells_under_serial_mapping": ("mottak_2025-01.xlsx", "rejected", 1, 0, 1,
                                             "all 1 rows failed; see quarantine_rows",
                                             {1: ["receipt_date: '2025-01-08' is not a date in excel_serial"]}),
    "not_an_xlsx": ("mottak_2025-01.xlsx", "rejected", 0, 0, 0,
                    "cannot open as XLSX: invalid Zip archive: Could not find EOCD", {}),
}


def run_case(case: str, tmp_path: Path) -> tuple[FileResult, duckdb.DuckDBPyConnection]:
    root = tmp_path / "ws"
    shutil.copytree(CORPUS / "companies", root / "companies")
    inbox = root / "inbox" / "sagbruk"
    inbox.mkdir(parents=True)
    settings = Settings(home=tmp_path / "home", workspace=root, memory_limit="1GB",
                        max_file_mb=0.001 if case == "oversize_file" else 4096)
    ws = load_workspace(root, reference_codes())
    assert ws.errors == {}
    folder = CORPUS / "cases" / case
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        if (folder / "before").is_dir():
            for f in (folder / "before").iterdir():
                shutil.copyfile(f, inbox / f.name)
            ingest_company(con, ws, "sagbruk", settings)
        for f in folder.iterdir():
            if f.is_file() and not f.name.startswith("."):
                shutil.copyfile(f, inbox / f.name)
        if case == "link_out_of_inbox":
            os.symlink(CORPUS / "secret.csv", inbox / "utlev_2025-01.csv")
        (result,) = [r for r in ingest_company(con, ws, "sagbruk", settings) if r.status != "unchanged"]
    return result, duckdb.connect(str(settings.warehouse), read_only=True)


def test_the_corpus_has_every_case() -> None:
    assert sorted(p.name for p in (CORPUS / "cases").iterdir()) == sorted(CASES)
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", sorted(CASES))
def test_case(case: str, tmp_path: Path) -> None:
    file_name, status, read, loaded, quarantined, message, bad_rows = CASES[case]
    result, con = run_case(case, tmp_path)
    try:
        assert (result.file_name, result.status) == (file_name, status)
        assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (read, loaded, quarantined)
        if case == "very_long_line":
            assert result.message.startswith(READ + "CSV Error on Line: 4 Original Line: U3;Pelletfabrikken;XXX")
            assert result.message.endswith("… (10,015 characters) Maximum line size of 2000000 bytes exceeded. "
                                           "Actual Size:2100046 bytes.")
        else:
            assert result.message == message
        rows = con.execute("SELECT q.source_row, q.errors FROM quarantine_rows q JOIN ingest_files f "
                           "USING (file_hash) WHERE f.file_name = ? ORDER BY 1", [file_name]).fetchall()
        assert dict(rows) == bad_rows
        # nothing lost, nothing counted twice: the ledger balances and the tables hold exactly the loaded rows
        unbalanced = con.execute("SELECT count(*) FROM ingest_files WHERE rows_read <> rows_loaded + rows_quarantined"
                                 ).fetchone()[0]
        active = con.execute("SELECT coalesce(sum(rows_loaded), 0) FROM ingest_files "
                             "WHERE status IN ('loaded', 'partially_loaded')").fetchone()[0]
        in_tables = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES.values())
        parked = con.execute("SELECT count(*) FROM quarantine_rows").fetchone()[0]
        ledgered = con.execute("SELECT coalesce(sum(rows_quarantined), 0) FROM ingest_files").fetchone()[0]
        assert (unbalanced, in_tables, parked) == (0, active, ledgered)
    finally:
        con.close()
