"""Shared fixtures: a small, real-shaped cluster workspace written fresh for each test.

Three companies export in three dialects, as real ones do:
- sagbruk (sawmill): `;`, decimal comma, thousands space, Windows-1252, dd.mm.yyyy, Norwegian names;
- pellet (pellet plant): XLSX with a title above the header (row 3), Excel serial dates, a 2nd sheet;
- fjernvarme (district heating): `,`, decimal point, UTF-8 with BOM, ISO dates, chips bought in MWh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.ingest import ingest_company
from pipelines.core.settings import MODEL_PARAMETERS, Settings
from pipelines.core.sql import run_sql
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace

LINEAGE_MODELS = ("model/lot_edges", "model/lot_nodes", "model/trace_macros")

#: a harvesting contractor with one landing, and its StanForD harvester export (tests add their own exports)
SKOG_COMPANY = """
company: {id: skog, name: Skog AS, org_number: "910000055", role: harvesting,
          sites: [{id: SKOG-1, name: Avlegg, role: harvesting, lat: 59.9995, lon: 10.798}]}
exports:
"""


def harvester_export(materials: str) -> str:
    """The `stanford_hpr` export of the landing SKOG-1, its machine products mapped by `materials` (YAML)."""
    return f"""
  - name: harvester
    dataset: production
    pattern: "*.hpr"
    format: stanford_hpr
    decimal: "."
    date_format: yyyy-mm-dd
    columns: {{batch_id: SubObject, event_date: Date, direction: Direction, lot_id: Lot, material: Product,
              quantity: Volume m3sub, unit: Unit}}
    constants: {{site: SKOG-1}}
    values:
      material: {materials}
"""

SAGBRUK_MAPPING = """
company:
  id: sagbruk
  name: Testsaga AS
  org_number: "910000012"
  role: sawmill
  sites:
    - {id: SAG-1, name: Saga, role: sawmill, lat: 63.3, lon: 9.85}
exports:
  - name: production
    dataset: production
    pattern: "produksjon_*.csv"
    format: csv
    delimiter: ";"
    decimal: ","
    thousands: " "
    encoding: windows-1252
    date_format: dd.mm.yyyy
    columns: {batch_id: Ordre, site: Sted, event_date: Dato, direction: Retning, lot_id: Parti,
              material: Produkt, quantity: Mengde, unit: Enhet, moisture_pct: "Fukt %"}
    values: &values
      site: {Saga: SAG-1, Pelletfabrikken: PEL-1, Fjernvarmen: FJV-1, "Eksport Tyskland": external}
      material: {"Sagtømmer gran": SAWLOG_SPRUCE, Skurlast: SAWN_TIMBER, Flis: CHIPS, Sagflis: SAWDUST,
                 Bark: BARK}
      unit: {"løs m3": m3s, tonn: t}
      direction: {Inn: input, Ut: output}
      transport_mode: {Bil: truck, "Båt": ship}
  - name: shipments
    dataset: shipments
    pattern: "utlev_*.csv"
    format: csv
    delimiter: ";"
    decimal: ","
    thousands: " "
    encoding: windows-1252
    columns: {shipment_id: "Følgeseddel", receiver: Mottaker, lot_id: Parti, material: Produkt,
              quantity: Mengde, unit: Enhet, ship_date: Dato, transport_mode: Transport,
              distance_km: Avstand km}
    constants: {sender_site: SAG-1}
    values: *values
"""

SAGBRUK_PRODUCTION = """Ordre;Sted;Dato;Retning;Parti;Produkt;Mengde;Enhet;Fukt %
B1;Saga;06.01.2025;Inn;L-100;Sagtømmer gran;1 000,0;m3fub;
B1;Saga;06.01.2025;Ut;S-1;Skurlast;480,0;m3f;18
B1;Saga;06.01.2025;Ut;F-1;Flis;700,0;løs m3;
B1;Saga;06.01.2025;Ut;SF-1;Sagflis;100,0;tonn;50
B1;Saga;06.01.2025;Ut;BA-1;Bark;80,0;tonn;55
"""

SAGBRUK_SHIPMENTS = """Følgeseddel;Mottaker;Parti;Produkt;Mengde;Enhet;Dato;Transport;Avstand km
U1;Pelletfabrikken;SF-1;Sagflis;60,0;tonn;08.01.2025;Bil;12,5
U2;Fjernvarmen;BA-1;Bark;40,0;tonn;09.01.2025;Bil;3
U3;Eksport Tyskland;S-1;Skurlast;480;m3f;10.01.2025;Båt;1 050
"""

PELLET_MAPPING = """
company:
  id: pellet
  name: Testpellets AS
  org_number: "910000020"
  role: pellet_plant
  sites:
    - {id: PEL-1, name: Pelletfabrikken, role: pellet_plant, lat: 63.31, lon: 9.9}
exports:
  - name: receipts
    dataset: receipts
    pattern: "mottak_*.xlsx"
    format: xlsx
    sheet: Mottak
    header_row: 3
    decimal: ","
    date_format: excel_serial
    columns: {receipt_id: Mottak nr, sender: "Leverandør", shipment_id: "Følgeseddel", material: Produkt,
              quantity: Netto kg, moisture_pct: Fukt, receipt_date: Dato}
    constants: {receiver_site: PEL-1, unit: kg}
    values:
      site: {Sagbruket: SAG-1}
      material: {Sagflis: SAWDUST}
"""

FJERNVARME_MAPPING = """
company:
  id: fjernvarme
  name: Testvarme AS
  org_number: "910000039"
  role: district_heating
  sites:
    - {id: FJV-1, name: Varmesentralen, role: district_heating, lat: 63.32, lon: 9.84}
exports:
  - name: energy
    dataset: energy
    pattern: "energi_*.csv"
    format: csv
    delimiter: ","
    decimal: "."
    encoding: utf-8-sig
    date_format: yyyy-mm-dd
    columns: {site: site, receiver: receiver, measure: measure, material: product, quantity: amount,
              unit: unit, period_start: from, period_end: to}
    values:
      site: {Varmesentralen: FJV-1, Kunder: external}
      material: {Fjernvarme: DISTRICT_HEAT}
  - name: receipts
    dataset: receipts
    pattern: "mottak_*.csv"
    format: csv
    delimiter: ","
    decimal: "."
    encoding: utf-8-sig
    date_format: yyyy-mm-dd
    columns: {receipt_id: id, sender: from, shipment_id: ref, material: product, quantity: amount,
              unit: unit, receipt_date: date, moisture_pct: moisture}
    constants: {receiver_site: FJV-1}
    values:
      site: {Sagbruket: SAG-1}
      material: {Bark: BARK}
"""

FJERNVARME_ENERGY = """site,receiver,measure,product,amount,unit,from,to
Varmesentralen,Kunder,produced,Fjernvarme,5200.5,MWh,2025-01-01,2025-01-31
"""

FJERNVARME_RECEIPTS = """id,from,ref,product,amount,unit,date,moisture
R1,Sagbruket,U2,Bark,75.0,MWh,2025-01-09,55
"""


def write_pellet_xlsx(path: Path) -> None:
    """An XLSX as a small plant's ERP writes it: a title, a blank row, then the table; a notes sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Mottak"
    sheet.append(["Mottaksrapport januar 2025"])
    sheet.append([])
    sheet.append(["Mottak nr", "Leverandør", "Følgeseddel", "Produkt", "Netto kg", "Dato", "Fukt"])
    sheet.append(["M1", "Sagbruket", "U1", "Sagflis", 59400, 45665, 49.5])
    book.create_sheet("Info").append(["Eksportert fra ERP"])
    book.save(path)


def make_workspace(root: Path) -> Path:
    """Write the three-company workspace under root and return it."""
    files = {
        "companies/sagbruk/mapping.yaml": (SAGBRUK_MAPPING, "utf-8"),
        "inbox/sagbruk/produksjon_2025-01.csv": (SAGBRUK_PRODUCTION, "cp1252"),
        "inbox/sagbruk/utlev_2025-01.csv": (SAGBRUK_SHIPMENTS, "cp1252"),
        "companies/pellet/mapping.yaml": (PELLET_MAPPING, "utf-8"),
        "companies/fjernvarme/mapping.yaml": (FJERNVARME_MAPPING, "utf-8"),
        "inbox/fjernvarme/energi_2025-01.csv": (FJERNVARME_ENERGY, "utf-8-sig"),
        "inbox/fjernvarme/mottak_2025-01.csv": (FJERNVARME_RECEIPTS, "utf-8-sig"),
    }
    for rel, (text, encoding) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
    (root / "inbox/pellet").mkdir(parents=True)
    write_pellet_xlsx(root / "inbox/pellet/mottak_2025-01.xlsx")
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "workspace")


@pytest.fixture
def settings(tmp_path: Path, workspace: Path) -> Settings:
    return Settings(home=tmp_path / "home", workspace=workspace, memory_limit="1GB")


def build_warehouse(root: Path, files: dict[str, str], models: tuple[str, ...]) -> Settings:
    """Write a hand-built workspace under root, ingest every company cleanly and run the given SQL models.

    For tests whose figures are worked out by hand: any load that is not fully clean fails here.
    """
    for rel, text in files.items():
        (root / "ws" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "ws" / rel).write_text(text, encoding="utf-8")
    settings = Settings(home=root / "home", workspace=root / "ws", memory_limit="1GB")
    ws = load_workspace(settings.workspace, reference_codes())
    assert ws.errors == {} and ws.needs_errors == {}
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        for company in ws.company_ids:
            assert {r.status for r in ingest_company(con, ws, company, settings)} <= {"loaded"}  # none: no files
        for name in models:
            run_sql(con, name, MODEL_PARAMETERS)
    return settings
