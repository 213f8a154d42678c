"""Forwarder files (StanForD 2010 .fpr) ingested through a company mapping into forwarded_loads, and the
forwarding_balance view that sets them against the harvester's records: the real Norwegian sample
(tests/fixtures/stanford2010, MIT, from the sf2010r R package by NIBIO) and small hand-built pairs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.core.ingest import ingest_company
from pipelines.core.settings import Settings
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace
from tests.conftest import SKOG_COMPANY, build_warehouse, harvester_export

FPR = Path(__file__).parent / "fixtures" / "stanford2010" / "FPR_V0301_PonsseOpti4G_04761.fpr"

FORWARDER = """
  - name: forwarder
    dataset: forwarding
    pattern: "*.fpr"
    format: stanford_fpr
    decimal: "."
    date_format: yyyy-mm-dd
    columns: {load_id: Load, partial_load_id: PartialLoad, unloading_date: Date, object_key: Object,
              object_name: ObjectName, location_name: Location, delivery_name: Delivery, material: Product,
              quantity: Volume m3sub, unit: Unit, mass_t: Mass t, mass_source: Mass source}
    constants: {site: SKOG-1}
    values:
      material: {MATERIALS}
"""
SAMPLE_MATERIALS = '{"140 Granvin": SAWLOG_SPRUCE, "102 Massevirke": PULPWOOD, "157 gran palle mm": SAWLOG_SPRUCE}'


def mapping(materials: str, harvester: bool = False) -> str:
    return (SKOG_COMPANY + FORWARDER.replace("{MATERIALS}", materials)
            + (harvester_export("{Sagtømmer: SAWLOG_SPRUCE, Massevirke: PULPWOOD}") if harvester else ""))


def test_sample_forwarder_file_loads_one_row_per_partial_load(tmp_path: Path) -> None:
    settings = build_warehouse(tmp_path, {"companies/skog/mapping.yaml": mapping(SAMPLE_MATERIALS)}
                               | {f"inbox/skog/{FPR.name}": FPR.read_text(encoding="utf-8-sig")}, ())
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    # counted in the XML: 51 <PartialLoad> in 41 <Load>, all at LocationKey 10052 ("Stor123haugen
    # Gardsdrift"), whose ObjectKey is 9052 (ObjectName 221114091313); UnloadingTime 2022-11-14 .. 2022-11-22
    assert con.execute("SELECT count(*), count(DISTINCT load_id), min(unloading_date), max(unloading_date), "
                       "list(DISTINCT (site_id, object_key, object_name, location_name)) FROM forwarded_loads"
                       ).fetchone() == (51, 41, dt.date(2022, 11, 14), dt.date(2022, 11, 22),
                                        [("SKOG-1", "9052", "221114091313", "Stor123haugen Gardsdrift")])
    # m3sub per delivery as in test_stanford.test_forwarder_file_totals; no <LoadWeight> anywhere, so every
    # mass is derived: m3sob (= m3sub in this file) x 750 kg/m3 on bark, 850 x 0.75 = 637.5 t and so on
    per_delivery = con.execute(
        "SELECT delivery_name, material_code, unit_code, count(*), sum(qty_reported), sum(solid_m3), "
        "round(sum(mass_t), 6), list(DISTINCT mass_source) FROM forwarded_loads GROUP BY ALL ORDER BY 1"
    ).fetchall()
    con.close()
    assert [(d, m, u, n, q, round(s, 6), t, src) for d, m, u, n, q, s, t, src in per_delivery] == [
        ("102 Massevirke", "PULPWOOD", "m3fub", 11, 68.5, 68.5, 51.375, ["derived"]),
        ("140 Granvin", "SAWLOG_SPRUCE", "m3fub", 35, 850.0, 850.0, 637.5, ["derived"]),
        ("SITKA157granpallemm157", "SAWLOG_SPRUCE", "m3fub", 5, 73.5, 73.5, 55.125, ["derived"]),
    ]


def test_first_partial_load_as_written(tmp_path: Path) -> None:
    settings = build_warehouse(tmp_path, {"companies/skog/mapping.yaml": mapping(SAMPLE_MATERIALS)}
                               | {f"inbox/skog/{FPR.name}": FPR.read_text(encoding="utf-8-sig")}, ())
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    row = con.execute("SELECT source_row, load_id, partial_load_id, unloading_date, qty_reported, mass_t, "
                      "mass_source FROM forwarded_loads ORDER BY source_row LIMIT 1").fetchone()
    con.close()
    # <Load> 95259 unloaded 2022-11-14T09:51:51+02:00, <PartialLoad> 97287: 18 m3sob, 18 m3sub -> 13.5 t
    assert row == (1, "95259", "97287", dt.date(2022, 11, 14), 18.0, 13.5, "derived")


def forwarder_workspace(tmp_path: Path, materials: str, name: str, text: str) -> tuple[Settings, object]:
    root = tmp_path / "ws"
    (root / "companies/skog").mkdir(parents=True)
    (root / "companies/skog/mapping.yaml").write_text(mapping(materials), encoding="utf-8")
    (root / "inbox/skog").mkdir(parents=True)
    (root / "inbox/skog" / name).write_text(text, encoding="utf-8")
    return Settings(home=tmp_path / "home", workspace=root, memory_limit="1GB"), load_workspace(root, reference_codes())


def ingest(settings: Settings, ws) -> tuple[object, duckdb.DuckDBPyConnection]:
    """Ingest the inbox; the result of its newest file, and a read-only connection to the warehouse."""
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        *_, result = ingest_company(con, ws, "skog", settings)
    return result, duckdb.connect(str(settings.warehouse), read_only=True)


def test_unknown_product_is_quarantined_with_its_message(tmp_path: Path) -> None:
    # "157 gran palle mm" (delivery SITKA157granpallemm157, 5 partial loads) is left out of the value map
    settings, ws = forwarder_workspace(tmp_path, '{"140 Granvin": SAWLOG_SPRUCE, "102 Massevirke": PULPWOOD}',
                                       FPR.name, FPR.read_text(encoding="utf-8-sig"))
    result, con = ingest(settings, ws)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "partially_loaded", 51, 46, 5)
    quarantined = con.execute("SELECT dataset, source_row, errors, raw->>'partial_load_id' FROM quarantine_rows "
                              "ORDER BY source_row").fetchall()
    loaded = con.execute("SELECT sum(qty_reported) FROM forwarded_loads").fetchone()[0]
    con.close()
    assert {(d, tuple(e)) for d, _, e, _ in quarantined} == {
        ("forwarding", ("material: unknown material '157 gran palle mm'; map it under values.material",))}
    assert len(quarantined) == 5 and loaded == 850 + 68.5  # nothing of the sitka deliveries loaded twice


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda t: t[:20000], "cannot read as StanForD 2010 forwarder file: not well-formed XML"),  # truncated
        (lambda t: t.replace("urn:skogforsk:stanford2010", "urn:example:other"),
         "cannot read as StanForD 2010 forwarder file: root element is in namespace 'urn:example:other'"),
        (lambda t: t.replace("ForwardedProduction", "HarvestedProduction"),
         "root element is <HarvestedProduction>; expected <ForwardedProduction>"),
        (lambda t: t.replace('weightUnit="kg" ', ""), "does not declare weightUnit"),
        (lambda t: t.replace('weightUnit="kg" ', 'weightUnit="lb" '), "weightUnit 'lb' is not one of kg, t"),
        (lambda t: t.replace("<LoadVolume loadVolumeCategory=\"Volume, m3sob\">18<", "<LoadVolume "
                             "loadVolumeCategory=\"Volume, m3sob\">18,0<", 1),
         "load 95259, partial load 97287: a volume or weight is not a number: '18,0' (StanForD writes '.' decimals)"),
    ],
)
def test_broken_forwarder_files_are_rejected(tmp_path: Path, content, message: str) -> None:
    settings, ws = forwarder_workspace(tmp_path, SAMPLE_MATERIALS, "broken.fpr",
                                       content(FPR.read_text(encoding="utf-8-sig")))
    result, con = ingest(settings, ws)
    rows = con.execute("SELECT count(*) FROM forwarded_loads").fetchone()[0]
    ledger = con.execute("SELECT status, message FROM ingest_files").fetchone()
    con.close()
    assert result.status == "rejected" and message in result.message
    assert rows == 0 and ledger == ("rejected", result.message)


def hpr(objects: dict[str, dict[str, dict[str, list[float]]]]) -> str:
    """A harvester file: per object, sub-object and product ('1' Sagtømmer, '2' Massevirke) its logs' m3sub."""
    stems = []
    for obj, subs in objects.items():
        for sub, products in subs.items():
            logs = "".join(f"<Log><ProductKey>{p}</ProductKey><LogVolume logVolumeCategory=\"m3sub\">{v}</LogVolume>"
                           "</Log>" for p, vols in products.items() for v in vols)
            stems.append(f"<Stem><ObjectKey>{obj}</ObjectKey><SubObjectKey>{sub}</SubObjectKey>"
                         f"<SingleTreeProcessedStem>{logs}</SingleTreeProcessedStem></Stem>")
    defs = "".join(f"<ObjectDefinition><ObjectKey>{o}</ObjectKey><EndDate>2025-03-0{i + 1}</EndDate>"
                   + "".join(f"<SubObject><SubObjectKey>{s}</SubObjectKey></SubObject>" for s in subs)
                   + "</ObjectDefinition>" for i, (o, subs) in enumerate(objects.items()))
    return ('<HarvestedProduction xmlns="urn:skogforsk:stanford2010" version="3.0" volumeUnit="m3" lengthUnit="cm" '
            'weightUnit="kg"><Machine><ProductDefinition><ProductKey>1</ProductKey><ClassifiedProductDefinition>'
            "<ProductName>Sagtømmer</ProductName></ClassifiedProductDefinition></ProductDefinition>"
            "<ProductDefinition><ProductKey>2</ProductKey><ClassifiedProductDefinition><ProductName>Massevirke"
            f"</ProductName></ClassifiedProductDefinition></ProductDefinition>{defs}{''.join(stems)}</Machine>"
            "</HarvestedProduction>")


def fpr(loads: list[tuple[str, str, str, float, float | None]]) -> str:
    """A forwarder file: locations L<object> of objects 10, 11 and 12, deliveries D1 (product 1, 800 kg/m3 on
    bark) and D2 (product 2, no density); loads as (load key, location key, delivery key, m3, weight kg)."""
    body = "".join(
        f"<Load><LoadKey>{key}</LoadKey><UnloadingTime>2025-03-1{i}T10:00:00+01:00</UnloadingTime><PartialLoad>"
        f"<PartialLoadKey>P{key}</PartialLoadKey><DeliveryKey>{d}</DeliveryKey><LocationKey>{loc}</LocationKey>"
        f'<LoadVolume loadVolumeCategory="Volume, m3sob">{m3}</LoadVolume>'
        f'<LoadVolume loadVolumeCategory="Volume, m3sub">{m3}</LoadVolume>'
        + (f"<LoadWeight>{kg}</LoadWeight>" if kg is not None else "") + "</PartialLoad></Load>"
        for i, (key, loc, d, m3, kg) in enumerate(loads))
    return ('<ForwardedProduction xmlns="urn:skogforsk:stanford2010" version="3.1" volumeUnit="m3" '
            'lengthUnit="cm" weightUnit="kg"><Machine>'
            "<ProductDefinition><ProductKey>1</ProductKey><ClassifiedProductDefinition><ProductName>Sagtømmer"
            "</ProductName></ClassifiedProductDefinition></ProductDefinition>"
            "<ProductDefinition><ProductKey>2</ProductKey><ClassifiedProductDefinition><ProductName>Massevirke"
            "</ProductName></ClassifiedProductDefinition></ProductDefinition>"
            + "".join(f"<ObjectDefinition><ObjectName>Teig {o}</ObjectName><ObjectKey>{o}</ObjectKey>"
                      f"</ObjectDefinition><LocationDefinition><LocationName>Velte {o}</LocationName>"
                      f"<LocationKey>L{o}</LocationKey><ObjectKey>{o}</ObjectKey></LocationDefinition>"
                      for o in ("10", "11", "12"))
            + '<DeliveryDefinition><DeliveryName>Sagtømmer til saga</DeliveryName><Density densityCategory="On bark">'
              "800</Density><DeliveryKey>D1</DeliveryKey><ProductKey>1</ProductKey></DeliveryDefinition>"
              "<DeliveryDefinition><DeliveryName>Massevirke</DeliveryName><DeliveryKey>D2</DeliveryKey>"
              f"<ProductKey>2</ProductKey></DeliveryDefinition>{body}</Machine></ForwardedProduction>")


def test_forwarding_balance_on_a_hand_built_pair(tmp_path: Path) -> None:
    # harvested (hpr): object 10 sawlogs 6 + 4 m3 in sub-object 1 and 5 m3 in sub-object 2 = 15, pulpwood
    # 3 m3; object 11 sawlogs 8 m3. Forwarded (fpr): object 10 sawlogs 9 + 6 = 15 (balanced), pulpwood 2
    # (1 m3 left in the forest, share 2/3 = 0.6667); object 11 sawlogs 5 (3 left, share 0.625); object 12
    # sawlogs 4 (no harvester record). Masses: load 1 weighed 7 200 kg = 7.2 t; load 2 derived 6 x 0.8 =
    # 4.8 t; pulpwood (no density, not weighed) none.
    harvest = hpr({"10": {"1": {"1": [6, 4], "2": [3]}, "2": {"1": [5]}}, "11": {"1": {"1": [8]}}})
    forward = fpr([("1", "L10", "D1", 9, 7200), ("2", "L10", "D1", 6, None), ("3", "L10", "D2", 2, None),
                   ("4", "L11", "D1", 5, None), ("5", "L12", "D1", 4, None)])
    settings = build_warehouse(tmp_path, {
        "companies/skog/mapping.yaml": mapping("{Sagtømmer: SAWLOG_SPRUCE, Massevirke: PULPWOOD}", harvester=True),
        "inbox/skog/hogst.hpr": harvest, "inbox/skog/lass.fpr": forward,
    }, ("model/forwarding_balance",))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    masses = con.execute("SELECT load_id, mass_t, mass_source FROM forwarded_loads ORDER BY load_id").fetchall()
    balance = con.execute(
        "SELECT company_id, site_id, object_key, object_name, material_code, sub_objects, harvested_m3, forwarded_m3,"
        " difference_m3, forwarded_share, partial_loads, status FROM forwarding_balance").fetchall()
    con.close()
    assert masses == [("1", 7.2, "weighed"), ("2", 4.8, "derived"), ("3", None, None), ("4", 4.0, "derived"),
                      ("5", 3.2, "derived")]
    assert balance == [
        ("skog", "SKOG-1", "10", "Teig 10", "PULPWOOD", 1, 3.0, 2.0, 1.0, 0.6667, 1, "left in forest"),
        ("skog", "SKOG-1", "10", "Teig 10", "SAWLOG_SPRUCE", 2, 15.0, 15.0, 0.0, 1.0, 2, "balanced"),
        ("skog", "SKOG-1", "11", "Teig 11", "SAWLOG_SPRUCE", 1, 8.0, 5.0, 3.0, 0.625, 1, "left in forest"),
        ("skog", "SKOG-1", "12", "Teig 12", "SAWLOG_SPRUCE", None, None, 4.0, -4.0, None, 1,
         "forwarded without harvest record"),
    ]


def test_forwarding_balance_shows_wood_not_forwarded(tmp_path: Path) -> None:
    # object 11's 8 m3 of sawlogs harvested, nothing forwarded from it yet; object 10 forwarded exactly
    harvest = hpr({"10": {"1": {"1": [2.5]}}, "11": {"1": {"1": [8]}}})
    forward = fpr([("1", "L10", "D1", 2.5, None)])
    settings = build_warehouse(tmp_path, {
        "companies/skog/mapping.yaml": mapping("{Sagtømmer: SAWLOG_SPRUCE, Massevirke: PULPWOOD}", harvester=True),
        "inbox/skog/hogst.hpr": harvest, "inbox/skog/lass.fpr": forward,
    }, ("model/forwarding_balance",))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    balance = con.execute("SELECT object_key, harvested_m3, forwarded_m3, difference_m3, forwarded_share, status "
                          "FROM forwarding_balance").fetchall()
    con.close()
    assert balance == [("10", 2.5, 2.5, 0.0, 1.0, "balanced"), ("11", 8.0, None, 8.0, None, "not forwarded")]


def test_forwarding_balance_allows_the_machines_tolerance(tmp_path: Path) -> None:
    # 100 m3 harvested in each object; forwarder volumes are estimates, so up to 1 % of the harvest
    # (forwarding_tolerance) either way counts as balanced: 99 (exactly 1 %) is, 98.5 and 101.5 are not
    harvest = hpr({"10": {"1": {"1": [100]}}, "11": {"1": {"1": [100]}}, "12": {"1": {"1": [100]}}})
    forward = fpr([("1", "L10", "D1", 99, None), ("2", "L11", "D1", 98.5, None), ("3", "L12", "D1", 101.5, None)])
    settings = build_warehouse(tmp_path, {
        "companies/skog/mapping.yaml": mapping("{Sagtømmer: SAWLOG_SPRUCE, Massevirke: PULPWOOD}", harvester=True),
        "inbox/skog/hogst.hpr": harvest, "inbox/skog/lass.fpr": forward,
    }, ("model/forwarding_balance",))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    balance = con.execute("SELECT object_key, difference_m3, status FROM forwarding_balance").fetchall()
    con.close()
    assert balance == [("10", 1.0, "balanced"), ("11", 1.5, "left in forest"),
                       ("12", -1.5, "forwarded more than harvested")]

def test_corrected_forwarder_file_supersedes_the_first(tmp_path: Path) -> None:
    # the same period (November 2022) re-exported with load 95259's 18 m3 corrected to 16: the first file's
    # 51 rows move to forwarded_loads_retired and count nowhere; the total drops by 2 m3 (992 -> 990)
    text = FPR.read_text(encoding="utf-8-sig")
    settings, ws = forwarder_workspace(tmp_path, SAMPLE_MATERIALS, "lass_1.fpr", text)
    ingest(settings, ws)[1].close()
    corrected = text.replace('<LoadVolume loadVolumeCategory="Volume, m3sub">18</LoadVolume>',
                             '<LoadVolume loadVolumeCategory="Volume, m3sub">16</LoadVolume>', 1)
    (settings.workspace / "inbox/skog/lass_2.fpr").write_text(corrected, encoding="utf-8")
    result, con = ingest(settings, ws)
    totals = con.execute("SELECT (SELECT sum(qty_reported) FROM forwarded_loads), "
                         "(SELECT count(*) FROM forwarded_loads_retired), "
                         "(SELECT list(status ORDER BY file_name) FROM ingest_files)").fetchone()
    con.close()
    assert (result.file_name, result.status, result.superseded) == ("lass_2.fpr", "loaded", ("lass_1.fpr",))
    assert totals == (990.0, 51, ["superseded", "loaded"])


def test_partial_load_of_an_undefined_location_is_quarantined(tmp_path: Path) -> None:
    # partial load 97287 (the first) names LocationKey 99999, which no <LocationDefinition> defines: it has no
    # harvest object, so it waits in quarantine; the other 50 load
    text = FPR.read_text(encoding="utf-8-sig").replace("<LocationKey>10052</LocationKey>\n\t\t\t\t<LoadVolume",
                                                       "<LocationKey>99999</LocationKey>\n\t\t\t\t<LoadVolume", 1)
    settings, ws = forwarder_workspace(tmp_path, SAMPLE_MATERIALS, "lass.fpr", text)
    result, con = ingest(settings, ws)
    quarantined = con.execute("SELECT source_row, errors, raw->>'partial_load_id', raw->>'location_name' "
                              "FROM quarantine_rows").fetchall()
    con.close()
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("partially_loaded", 50, 1)
    assert quarantined == [(1, ["object_key: required value is empty"], "97287",
                            "LocationKey 99999 is not defined in the file")]


def test_forwarding_from_a_spreadsheet_export_maps_the_mass_source(tmp_path: Path) -> None:
    # a contractor without StanForD reports forwarded loads as CSV with Norwegian words for the mass source
    root = tmp_path / "ws"
    (root / "companies/skog").mkdir(parents=True)
    (root / "companies/skog/mapping.yaml").write_text("""
company: {id: skog, name: Skogsdrift AS, org_number: "910000071", role: harvesting,
          sites: [{id: SKOG-1, name: Avlegg, role: harvesting, lat: 63.0, lon: 10.0}]}
exports:
  - {name: lass, dataset: forwarding, pattern: "lass*.csv", format: csv, delimiter: ";", decimal: ",",
     date_format: dd.mm.yyyy,
     columns: {load_id: Lass, partial_load_id: Dellass, unloading_date: Dato, object_key: Objekt, material: Sortiment,
               quantity: Volum, unit: Enhet, mass_t: Vekt, mass_source: Kilde},
     constants: {site: SKOG-1},
     values: {material: {Sagtømmer: SAWLOG_SPRUCE}, mass_source: {Veid: weighed, Beregnet: derived}}}
""", encoding="utf-8")
    (root / "inbox/skog").mkdir(parents=True)
    (root / "inbox/skog/lass_2025-03.csv").write_text(
        "Lass;Dellass;Dato;Objekt;Sortiment;Volum;Enhet;Vekt;Kilde\n"
        "1;1;03.03.2025;10;Sagtømmer;18,5;m3fub;15,2;Veid\n"
        "2;2;03.03.2025;10;Sagtømmer;17,0;m3fub;14,6;Beregnet\n"
        "3;3;04.03.2025;10;Sagtømmer;16,0;m3fub;13,0;Gjettet\n", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", workspace=root, memory_limit="1GB")
    result, con = ingest(settings, load_workspace(root, reference_codes()))
    loaded = con.execute("SELECT partial_load_id, mass_t, mass_source FROM forwarded_loads ORDER BY 1").fetchall()
    quarantined = con.execute("SELECT source_row, errors FROM quarantine_rows").fetchall()
    con.close()
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("partially_loaded", 2, 1)
    assert loaded == [("1", 15.2, "weighed"), ("2", 14.6, "derived")]
    assert quarantined == [(3, ["mass_source: 'Gjettet' is not one of derived, weighed; map it under "
                                "values.mass_source"])]
