"""StanForD 2010 files: the real Norwegian samples (tests/fixtures/stanford2010, MIT, from the sf2010r
R package by NIBIO; licence kept beside them) read with exact totals, broken files refused, and a
harvester file ingested through a company mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.core.ingest import ingest_company
from pipelines.core.settings import Settings
from pipelines.core.stanford import StanfordError, fpr_table, read_hpr
from pipelines.core.warehouse import create_schema, load_reference, open_warehouse, reference_codes
from pipelines.core.workspace import load_workspace
from tests.conftest import LINEAGE_MODELS, SKOG_COMPANY, harvester_export

SAMPLES = Path(__file__).parent / "fixtures" / "stanford2010"
HPR = SAMPLES / "HPR_V0300_TimberMaticH_020125_20210211.hpr"
FPR = SAMPLES / "FPR_V0301_PonsseOpti4G_04761.fpr"


def test_harvester_file_totals() -> None:
    # counted in the XML: 31 <Stem> (21 GRAN, 8 LAUV, 2 FURU by SpeciesGroupKey 90/91/89), 57 <Log>, all in
    # object 23 / sub-object 371 ("tynning"), EndDate 2021-02-11; LogVolume m3sob/m3sub summed per ProductKey
    h = read_hpr(HPR)
    assert (h.version, h.units["lengthUnit"], h.stems, h.logs) == ("3.0", "cm", 31, 57)
    (sub,) = h.subobjects.values()
    assert (sub.object_key, sub.key, sub.end_date) == ("23", "371", dt.date(2021, 2, 11))
    assert dict(sub.stems_by_species) == {"GRAN": 21, "LAUV": 8, "FURU": 2}
    assert len(sub.coordinates) == 31 and sub.coordinates[0] == (10.79785, 59.99936)  # (lon, lat) WGS84
    totals = {t.name: (t.logs, round(t.m3sob, 3), round(t.m3sub, 3)) for t in sub.products.values()}
    assert totals == {
        "Sagt BHV D12+": (4, 0.374, 0.33),
        "MASSE FRISK": (34, 1.874, 1.644),
        "RMASSE 0-20%": (2, 0.022, 0.018),
        "Vrak": (2, 0.019, 0.016),
        "Massev Bjørk": (14, 0.807, 0.724),
        "Øvrig løv": (1, 0.02, 0.017),
    }


def test_forwarder_file_totals() -> None:
    # counted in the XML: 41 <Load>, 51 <PartialLoad> over three deliveries; no <LoadWeight>, so masses come
    # from the deliveries' configured density (750 kg/m3 on bark) and say so
    rows = fpr_table(FPR).to_pylist()
    assert len({r["Load"] for r in rows}) == 41
    used: dict[str, list] = {}
    for r in rows:
        d = used.setdefault(r["Delivery"], [set(), 0, 0.0, 0.0, set()])
        d[0].add(r["Load"])
        d[1] += 1
        d[2] += float(r["Volume m3sub"])
        d[3] += float(r["Mass t"])
        d[4].add(r["Mass source"])
    assert {name: (len(d[0]), d[1], d[2], round(d[3], 3), d[4]) for name, d in used.items()} == {
        "140 Granvin": (35, 35, 850.0, 637.5, {"derived"}),
        "102 Massevirke": (11, 11, 68.5, 51.375, {"derived"}),
        "SITKA157granpallemm157": (5, 5, 73.5, 55.125, {"derived"}),
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda t: t[:5000], "not well-formed XML"),  # truncated
        (lambda t: t.replace("urn:skogforsk:stanford2010", "urn:example:other"), "is in namespace 'urn:example:other'"),
        (lambda t: t.replace(' volumeUnit="m3"', ""), "does not declare volumeUnit"),
        (lambda t: t.replace('version="3.0"', 'version="2.2"'), "version 2.2 is not supported"),
        (lambda t: "<HarvestedProduction><Stem>", "has no namespace"),
    ],
)
def test_broken_files_are_refused(tmp_path: Path, content, message: str) -> None:
    path = tmp_path / "broken.hpr"
    path.write_text(content(HPR.read_text(encoding="utf-8-sig")), encoding="utf-8")
    with pytest.raises(StanfordError, match=message):
        read_hpr(path)


MAPPING = SKOG_COMPANY + harvester_export(
    '{"Sagt BHV D12+": SAWLOG_SPRUCE, "MASSE FRISK": PULPWOOD, "RMASSE 0-20%": PULPWOOD, "Massev Bjørk": PULPWOOD, '
    '"Øvrig løv": ENERGYWOOD}')


def harvester_workspace(tmp_path: Path) -> tuple[Settings, object]:
    """A one-company workspace whose inbox holds the sample harvester file."""
    root = tmp_path / "ws"
    (root / "companies/skog").mkdir(parents=True)
    (root / "companies/skog/mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (root / "inbox/skog").mkdir(parents=True)
    (root / "inbox/skog" / HPR.name).write_bytes(HPR.read_bytes())
    return Settings(home=tmp_path / "home", workspace=root, memory_limit="1GB"), load_workspace(root, reference_codes())


def test_harvester_file_ingested_through_a_mapping(tmp_path: Path) -> None:
    settings, ws = harvester_workspace(tmp_path)
    assert ws.errors == {}
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        (result,) = ingest_company(con, ws, "skog", settings)
    # six products; "Vrak" (cull) is not mapped to a material, so its row waits in quarantine
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "partially_loaded", 6, 5, 1)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    rows = con.execute("SELECT lot_id, material_code, qty_reported, unit_code, event_date FROM production_items "
                       "ORDER BY lot_id").fetchall()
    errors = con.execute("SELECT errors FROM quarantine_rows").fetchall()
    con.close()
    assert rows[0] == ("H23-371-339", "SAWLOG_SPRUCE", 0.33, "m3fub", dt.date(2021, 2, 11))
    assert sum(r[2] for r in rows) == pytest.approx(0.33 + 1.644 + 0.018 + 0.724 + 0.017)
    assert errors == [(["material: unknown material 'Vrak'; map it under values.material"],)]


def test_hull_and_area() -> None:
    from pipelines.core.stanford import area_ha, hull

    square = [(10.0, 60.0), (10.001, 60.0), (10.001, 60.001), (10.0, 60.001)]
    assert sorted(hull([*square, (10.0005, 60.0005)])) == sorted(square)  # the inner stem is not on the hull
    # 0.001 deg of latitude = 110.574 m; of longitude at 60.0005 N = 111.320 m x cos(60.0005) = 55.659 m
    assert area_ha(square) == pytest.approx(110.574 * 55.659 / 10_000, rel=1e-4)


def test_plot_from_stems_feeds_the_origin_statement(tmp_path: Path) -> None:
    from pipelines.core import eudr
    from pipelines.core.sql import run_sql
    from pipelines.core.stanford import plots

    (plot,) = plots(read_hpr(HPR))
    ring = [tuple(p) for p in plot["hull"]]
    assert plot["stems"] == 31 and set(ring) <= set(read_hpr(HPR).subobjects[("23", "371")].coordinates)
    # every stem lies inside or on the hull (counter-clockwise: no stem to the right of an edge)
    stems = read_hpr(HPR).subobjects[("23", "371")].coordinates
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        assert all((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) >= -1e-12 for x, y in stems)
    assert plot["area_ha"] == 0.0442  # the machine positions of a thinning strip: well under 4 ha

    settings, ws = harvester_workspace(tmp_path)
    with open_warehouse(settings) as con:
        create_schema(con)
        load_reference(con, ws)
        ingest_company(con, ws, "skog", settings)
        for name in LINEAGE_MODELS:
            run_sql(con, name)
        (p,) = eudr.origin_plots(con, "SKOG-1", "H23-371-339")
    assert (p.plot_id, p.name, p.area_ha, p.share) == ("SKOG-1/23-371", "1416 tynning", 0.0442, 1.0)
    feature = eudr.geojson("SKOG-1/H23-371-339", [p])["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [10.798404, 59.999874]}  # centroid, < 4 ha


def test_benchmark_files_are_valid_and_keep_keys_unique(tmp_path: Path) -> None:
    from pipelines.benchmark_stanford import make_big

    make_big("fpr", 0.2, tmp_path / "big.fpr")
    rows = fpr_table(tmp_path / "big.fpr").to_pylist()
    copies = len(rows) // 51  # the sample's 51 partial loads, repeated under new keys
    assert copies > 1 and len(rows) == 51 * copies
    assert len({r["PartialLoad"] for r in rows}) == len(rows) and len({r["Load"] for r in rows}) == 41 * copies
    make_big("hpr", 1.0, tmp_path / "big.hpr")
    assert read_hpr(tmp_path / "big.hpr").stems % 31 == 0 and read_hpr(tmp_path / "big.hpr").stems > 31
