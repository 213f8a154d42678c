"""Every reader dialect a mapping can declare, each on a one-company workspace with a stock export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.core.ingest import FileResult, ingest_company
from pipelines.core.settings import Settings
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace

MAPPING = """
company:
  id: lager
  name: Lager AS
  org_number: "910000047"
  role: sawmill
  sites:
    - {{id: LAG-1, name: Lageret, role: sawmill, lat: 63.3, lon: 10.4}}
exports:
  - name: stock
    dataset: stock
    pattern: "lager*"
    columns: {{site: Sted, material: Vare, quantity: Beholdning, unit: Enhet, count_date: Dato}}
    values:
      material: {{Flis: CHIPS, "Sagflis ø": SAWDUST}}
      site: {{Lageret: LAG-1}}
{extra}
"""


def ingest_one(tmp_path: Path, extra: str, name: str, content: bytes) -> tuple[FileResult, list[tuple]]:
    ws_root = tmp_path / "ws"
    (ws_root / "companies/lager").mkdir(parents=True)
    (ws_root / "companies/lager/mapping.yaml").write_text(MAPPING.format(extra=extra), encoding="utf-8")
    (ws_root / "inbox/lager").mkdir(parents=True)
    (ws_root / "inbox/lager" / name).write_bytes(content)
    settings = Settings(home=tmp_path / "home", workspace=ws_root, memory_limit="1GB")
    ws = load_workspace(ws_root, reference_codes())
    assert ws.errors == {}, ws.errors
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        (result,) = ingest_company(con, ws, "lager", settings)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    rows = con.execute("SELECT source_row, site_id, material_code, qty_reported, unit_code, count_date "
                       "FROM stock_counts ORDER BY source_row").fetchall()
    con.close()
    return result, rows


EXPECTED = [
    (1, "LAG-1", "CHIPS", 1234.5, "m3s", dt.date(2025, 3, 31)),
    (2, "LAG-1", "SAWDUST", 20.0, "t", dt.date(2025, 3, 31)),
]


@pytest.mark.parametrize(
    ("extra", "content"),
    [
        pytest.param(
            "    format: csv\n    delimiter: \"\\t\"\n    decimal: \",\"\n    thousands: \".\"\n    encoding: latin-1",
            "Sted\tVare\tBeholdning\tEnhet\tDato\nLageret\tFlis\t1.234,5\tm3s\t31.03.2025\n"
            "Lageret\tSagflis ø\t20\tt\t31.03.2025\n".encode("latin-1"),
            id="tab-latin1-thousands-dot",
        ),
        pytest.param(
            "    format: csv\n    delimiter: \",\"\n    decimal: \".\"\n    thousands: \",\"\n    encoding: utf-8-sig\n"
            "    date_format: yyyy-mm-dd",
            "Sted,Vare,Beholdning,Enhet,Dato\nLageret,Flis,\"1,234.5\",m3s,2025-03-31\n"
            "Lageret,Sagflis ø,20.0,t,2025-03-31\n".encode("utf-8-sig"),
            id="comma-quoted-thousands-bom-iso",
        ),
        pytest.param(
            "    format: csv\n    delimiter: \";\"\n    decimal: \",\"\n    thousands: \" \"\n    encoding: utf-8\n"
            "    header_row: 3\n    date_format: dd.mm.yyyy hh:mm",
            "Lagerrapport;;;;\r\nUttrekk 01.04.2025;;;;\r\nSted;Vare;Beholdning;Enhet;Dato\r\n"
            "Lageret;Flis;1 234,5;m3s;31.03.2025 23:59\r\nLageret;Sagflis ø;20;t;31.03.2025 23:59\r\n".encode(),
            id="semicolon-title-rows-crlf-datetime",
        ),
    ],
)
def test_csv_dialects(tmp_path: Path, extra: str, content: bytes) -> None:
    result, rows = ingest_one(tmp_path, extra, "lager_2025-03.csv", content)
    assert (result.status, result.rows_read, result.rows_loaded) == ("loaded", 2, 2), result.message
    assert rows == EXPECTED


def test_xlsx_with_date_cells_and_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Sted", "Vare", "Beholdning", "Enhet", "Dato"])
    sheet.append(["Lageret", "Flis", 1234.5, "m3s", dt.datetime(2025, 3, 31)])
    sheet.append(["Lageret", "Sagflis ø", 20, "t", dt.date(2025, 3, 31)])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result, rows = ingest_one(tmp_path, "    format: xlsx\n    decimal: \",\"\n    date_format: yyyy-mm-dd",
                              "lager_2025-03.xlsx", path.read_bytes())
    assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
    assert rows == EXPECTED


def test_xlsx_missing_sheet_is_rejected(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "book.xlsx"
    Workbook().save(path)
    result, rows = ingest_one(tmp_path, "    format: xlsx\n    sheet: Lager", "lager.xlsx", path.read_bytes())
    assert result.status == "rejected"
    assert result.message == "sheet 'Lager' not found; the workbook has: Sheet"
    assert rows == []


def test_windows1252_only_characters_survive(tmp_path: Path) -> None:
    # the euro sign (0x80) and the en dash (0x96) exist in Windows-1252 but not in Latin-1
    text = ("Sted;Vare;Beholdning;Enhet;Dato;Merknad\n"
            "Lageret;Flis;1 234,5;m3s;31.03.2025;verdi 120 000 € – foreløpig\n"
            "Lageret;Sagflis ø;20;t;31.03.2025;\n")
    extra = "    format: csv\n    thousands: \" \"\n    encoding: windows-1252"
    result, rows = ingest_one(tmp_path, extra, "lager.csv", text.encode("cp1252"))
    assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
    assert rows == EXPECTED


def test_text_in_a_latin1_file_declared_utf8_is_rejected_with_the_line(tmp_path: Path) -> None:
    content = "Sted;Vare;Beholdning;Enhet;Dato\nLageret;Sagflis ø;20;t;31.03.2025\n".encode("latin-1")
    result, _ = ingest_one(tmp_path, "    format: csv\n    encoding: utf-8", "lager.csv", content)
    assert result.status == "rejected"
    assert "not utf-8 encoded" in result.message
