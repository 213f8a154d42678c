"""Resource sharing on a hand-built cluster with known best matches: ranks, quantities, distances."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.core.settings import Settings
from tests.conftest import build_warehouse

CSV = 'format: csv, delimiter: ",", encoding: utf-8, decimal: ".", date_format: yyyy-mm-dd'


def company(cid: str, org_number: str, role: str, site: str, name: str, lat: float, lon: float, *exports: str) -> str:
    """A one-site company's mapping.yaml with the given exports (each a YAML flow mapping)."""
    return (f"company: {{id: {cid}, name: {name} AS, org_number: \"{org_number}\", role: {role},\n"
            f"          sites: [{{id: {site}, name: {name}, role: {role}, lat: {lat}, lon: {lon}}}]}}\n"
            "exports:\n" + "".join(f"  - {e}\n" for e in exports))


def waste(site: str) -> str:
    """Residues handed over, t at w %: to,code,material,t,w,date."""
    return (f'{{name: waste, dataset: treatments, pattern: "avfall*.csv", {CSV}, columns: {{receiver: to, '
            "operation: code, material: material, quantity: t, moisture_pct: w, treatment_date: date}, "
            f"constants: {{site: {site}, unit: t}}, values: {{site: {{Deponi AS: external}}}}}}")


def shipped(site: str) -> str:
    """Shipments, t at w %: id,to,material,t,w,date."""
    return (f'{{name: ship, dataset: shipments, pattern: "utlev*.csv", {CSV}, columns: {{shipment_id: id, '
            "receiver: to, material: material, quantity: t, moisture_pct: w, ship_date: date}, "
            f"constants: {{sender_site: {site}, unit: t}}, values: {{site: {{Export AB: external}}}}}}")


def received(site: str, supplier: str) -> str:
    """Receipts, t at w %: id,from,material,t,w,date (`supplier` is outside the cluster)."""
    return (f'{{name: rec, dataset: receipts, pattern: "mottak*.csv", {CSV}, columns: {{receipt_id: id, '
            "sender: from, material: material, quantity: t, moisture_pct: w, receipt_date: date}, "
            f"constants: {{receiver_site: {site}, unit: t}}, values: {{site: {{{supplier}: external}}}}}}")


FILES = {
    "companies/saga/mapping.yaml": company("saga", "910000020", "sawmill", "SAGA-1", "Saga", 63.0, 10.0,
                                           waste("SAGA-1"), shipped("SAGA-1")),
    "companies/fjv/mapping.yaml": company("fjv", "910000039", "district_heating", "FJV-1", "Varme", 63.1, 10.0,
                                          received("FJV-1", "Skogflis AS")),
    "companies/pel/mapping.yaml": company("pel", "910000047", "pellet_plant", "PEL-1", "Pellets", 63.0, 10.2,
                                          received("PEL-1", "Spon Import AS")),
    # March 2025: 8 t bark (w 55 -> 3.6 t dry) to landfill; 10 t sawdust (w 50 -> 5 t dry) sold abroad
    "inbox/saga/avfall_2025-03.csv": "to,code,material,t,w,date\nDeponi AS,D1,BARK,8,55,2025-03-20\n",
    "inbox/saga/utlev_2025-03.csv": "id,to,material,t,w,date\nU1,Export AB,SAWDUST,10,50,2025-03-12\n",
    # district heating buys 10 t forest chips (w 45 -> 5.5 t dry); the pellet plant 4 t sawdust (2 t dry)
    "inbox/fjv/mottak_2025-03.csv": "id,from,material,t,w,date\nR1,Skogflis AS,FOREST_CHIPS,10,45,2025-03-05\n",
    "inbox/pel/mottak_2025-03.csv": "id,from,material,t,w,date\nR1,Spon Import AS,SAWDUST,4,50,2025-03-07\n",
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_warehouse(tmp_path_factory.mktemp("sharing"), FILES, ("sharing/opportunities", "sharing/heat"))


def test_best_matches_ranked_with_distances(settings: Settings) -> None:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    # 8 t green -> 3.6 t dry gives back exactly the reported 55 % (a limit of 55 % must not fail it)
    assert con.execute("SELECT moisture_pct, moisture_basis, low_code, typical_ash_pct FROM byproduct_surplus "
                       "WHERE material_code = 'BARK'").fetchall() == [(55.0, "reported", "03 01 01", 4.0)]
    rows = con.execute("SELECT rank, from_site_id, offered, fate, to_site_id, wanted, use, round(dry_t, 6), road_km, "
                       "tonne_km, "
                       "transport_co2_kg, gain_score FROM sharing_opportunities_year WHERE year = 2025 ORDER BY rank"
                       ).fetchall()
    con.close()
    # straight lines on a 6371 km sphere: 0.1 deg north = 11.1195 km; 0.2 deg east at 63 N =
    # 2 * 6371 * asin(cos(63 deg) * sin(0.1 deg)) = 10.0955 km; by road x 1.3
    north = 6371 * math.radians(0.1) * 1.3
    east = 2 * 6371 * math.asin(math.cos(math.radians(63)) * math.sin(math.radians(0.1))) * 1.3
    (r1, r2) = rows
    # 1: bark now landfilled can replace bought forest chips (disposal -> energy use, gain 2):
    #    min(3.6, 5.5) = 3.6 t dry = 8 t green; 8 t x 14.455 km = 115.6 t.km; x 0.071 kg = 8.21 kg CO2
    assert r1[:8] == (1, "SAGA-1", "BARK", "disposal", "FJV-1", "FOREST_CHIPS", "energy", 3.6)
    assert (r1[8], r1[9], r1[10], r1[11]) == pytest.approx((north, 8 * north, 8 * north * 0.071, 2))
    # 2: sawdust sold abroad can feed the pellet plant (kept in the cluster, material use, gain 1):
    #    min(5, 2) = 2 t dry = 4 t green over 13.12 km
    assert r2[:8] == (2, "SAGA-1", "SAWDUST", "leaves_cluster", "PEL-1", "SAWDUST", "material", 2.0)
    assert (r2[8], r2[9], r2[11]) == pytest.approx((east, 4 * east, 1))


def test_cli_opportunities(settings: Settings, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    assert main(["opportunities", "--home", str(settings.home), "--workspace", str(settings.workspace)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "resource-sharing opportunities 2025, best first (docs/sharing.md explains the ranking):"
    assert out[1].split("\t")[7:11] == ["demand", "dry_t", "dry_t_failing_limits", "months"]
    assert out[2].startswith("1\tSAGA-1\tBARK\tdisposal\tFJV-1\tFOREST_CHIPS\tenergy\tpurchases\t3.6\t0.0\t1\t14.5\t"
                             "116.0\t8.0\tmet\t")
    assert out[-2:] == ["district-heating planning 2025, MWh per month (docs/sharing.md, Heat planning):",
                        "no district-heating demand or surplus heat reported"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    return 2 * 6371 * math.asin(math.sqrt(math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2))


# The same cluster plus a recycler that landfills recycled wood, sawmill chips sold abroad wet, and two
# declared needs with limits: the smelter wants chips (ash <= 1 %, moisture <= 50 %, within 25 km) with no
# months given; the pellet plant wants 3 t dry sawdust a month in March and April 2025 within 20 km, in
# place of (not beside) the sawdust it buys from outside.
NEED_FILES = {
    **FILES,
    "inbox/saga/utlev_2025-03.csv": ("id,to,material,t,w,date\nU1,Export AB,SAWDUST,10,50,2025-03-12\n"
                                     "U2,Export AB,CHIPS,10,55,2025-03-14\n"),
    "companies/gjen/mapping.yaml": company("gjen", "910000063", "recycler", "GJEN-1", "Gjenvinning", 63.2, 10.2,
                                           waste("GJEN-1")),
    # 10 t recycled wood at w 20 -> 8 t dry to landfill
    "inbox/gjen/avfall_2025-03.csv": "to,code,material,t,w,date\nDeponi AS,D1,RECYCLED_WOOD,10,20,2025-03-21\n",
    "companies/smelt/mapping.yaml": company("smelt", "910000055", "smelter", "SMELT-1", "Smelteverk", 63.2, 10.0,
                                            received("SMELT-1", "Flis Import AS")),
    # 20 t green chips at the default 45 % moisture = 11 t dry a month
    "companies/smelt/needs.yaml": """
needs:
  - {site: SMELT-1, material: CHIPS, quantity_per_month: 20, unit: t, max_ash_pct: 1.0, max_moisture_pct: 50,
     max_distance_km: 25, note: reductant chips}
""",
    "companies/pel/needs.yaml": """
needs:
  - {site: PEL-1, material: SAWDUST, quantity_per_month: 3, unit: tDS, first_month: 2025-03, last_month: 2025-04,
     max_moisture_pct: 55, max_distance_km: 20, replaces_purchases: true}
""",
}


def test_declared_needs_and_limits(tmp_path: Path) -> None:
    settings = build_warehouse(tmp_path, NEED_FILES, ("sharing/opportunities",))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    demand = con.execute("SELECT site_id, strftime(month, '%Y-%m'), material_code, round(dry_t, 6), demand_source, "
                         "max_moisture_pct, max_ash_pct, max_distance_km FROM sharing_demand ORDER BY ALL").fetchall()
    rows = con.execute("SELECT rank, from_site_id, offered, to_site_id, wanted, demand_source, round(dry_t, 6), "
                       "round(dry_t_failing_spec, 6), road_km, gain_score, spec_issues "
                       "FROM sharing_opportunities_year WHERE year = 2025 ORDER BY rank").fetchall()
    con.close()
    # the pellet plant's declared need replaces its purchases (4 t green = 2 t dry) in March, runs on in April;
    # the smelter's need has no months, so it covers the months the flows cover: March 2025 only
    assert demand == [
        ("FJV-1", "2025-03", "FOREST_CHIPS", 5.5, "purchases", None, None, None),
        ("PEL-1", "2025-03", "SAWDUST", 3.0, "declared", 55.0, None, 20.0),
        ("PEL-1", "2025-04", "SAWDUST", 3.0, "declared", 55.0, None, 20.0),
        ("SMELT-1", "2025-03", "CHIPS", 11.0, "declared", 50.0, 1.0, 25.0),
    ]
    north = haversine_km(63.0, 10.0, 63.1, 10.0) * 1.3          # SAGA-1 -> FJV-1
    east = haversine_km(63.0, 10.0, 63.0, 10.2) * 1.3           # SAGA-1 -> PEL-1
    recycler_fjv = haversine_km(63.2, 10.2, 63.1, 10.0) * 1.3   # GJEN-1 -> FJV-1
    recycler_smelt = haversine_km(63.2, 10.2, 63.2, 10.0) * 1.3  # GJEN-1 -> SMELT-1, 13.0 km
    saga_smelt = haversine_km(63.0, 10.0, 63.2, 10.0) * 1.3     # SAGA-1 -> SMELT-1, 28.9 km
    expected = [
        # meeting the limits (or without limits): gain, then quantity
        (1, "GJEN-1", "RECYCLED_WOOD", "FJV-1", "FOREST_CHIPS", "purchases", 5.5, 0.0, recycler_fjv, 2, None),
        (2, "SAGA-1", "BARK", "FJV-1", "FOREST_CHIPS", "purchases", 3.6, 0.0, north, 2, None),
        # chips sold abroad: 10 t at w 55 = 4.5 t dry
        (3, "SAGA-1", "CHIPS", "FJV-1", "FOREST_CHIPS", "purchases", 4.5, 0.0, north, 1, None),
        (4, "SAGA-1", "SAWDUST", "PEL-1", "SAWDUST", "declared", 3.0, 0.0, east, 1, None),
        # failing a limit: last, whatever their gain; the quantity moves to dry_t_failing_spec
        (5, "GJEN-1", "RECYCLED_WOOD", "SMELT-1", "CHIPS", "declared", 0.0, 8.0, recycler_smelt, 3,
         "typical ash 2.0 % is above the 1.0 % limit"),
        (6, "SAGA-1", "CHIPS", "SMELT-1", "CHIPS", "declared", 0.0, 4.5, saga_smelt, 1,
         "moisture 55.0 % is above the 50.0 % limit; 28.9 km by road is beyond the 25.0 km limit"),
    ]
    assert [r[:8] for r in rows] == [e[:8] for e in expected]
    assert [r[8] for r in rows] == pytest.approx([e[8] for e in expected])
    assert [r[9:] for r in rows] == [e[9:] for e in expected]




ENERGY = ('format: csv, delimiter: ",", encoding: utf-8, decimal: ".", date_format: yyyy-mm-dd, '
          "columns: {site: site, receiver: to, measure: measure, material: material, quantity: mwh, "
          "period_start: start, period_end: end}, constants: {unit: MWh}, "
          "values: {site: {Smelteverk: SMELT-1, Varme: FJV-1, Drivhus AS: external}}")
HEAT_FILES = {
    "companies/smelt/mapping.yaml": company("smelt", "910000055", "smelter", "SMELT-1", "Smelteverk", 63.0, 10.0,
                                            f"{{name: energy, dataset: energy, pattern: \"energi*.csv\", {ENERGY}}}"),
    "companies/fjv/mapping.yaml": company("fjv", "910000039", "district_heating", "FJV-1", "Varme", 63.1, 10.0,
                                          f"{{name: energy, dataset: energy, pattern: \"energi*.csv\", {ENERGY}}}"),
    # the heat sold to a greenhouse outside district heating does not cover district-heating demand;
    # the summer period 17 Jun - 16 Jul (30 days) splits 14/30 into June and 16/30 into July
    "inbox/smelt/energi_2025.csv": ("site,to,measure,material,mwh,start,end\n"
                                    "Smelteverk,,recoverable,SURPLUS_HEAT,3100,2025-01-01,2025-01-31\n"
                                    "Smelteverk,Varme,delivered,SURPLUS_HEAT,1000,2025-01-01,2025-01-31\n"
                                    "Smelteverk,Drivhus AS,delivered,SURPLUS_HEAT,100,2025-01-01,2025-01-31\n"
                                    "Smelteverk,,recoverable,SURPLUS_HEAT,600,2025-06-17,2025-07-16\n"),
    "inbox/fjv/energi_2025.csv": ("site,to,measure,material,mwh,start,end\n"
                                  "Varme,,produced,DISTRICT_HEAT,2000,2025-01-01,2025-01-31\n"
                                  "Varme,,produced,DISTRICT_HEAT,500,2025-06-01,2025-06-30\n"
                                  "Varme,,produced,DISTRICT_HEAT,500,2025-07-01,2025-07-31\n"),
}


def test_heat_planning_coverage_potential_and_season(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = build_warehouse(tmp_path, HEAT_FILES, ("sharing/opportunities", "sharing/heat"))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    rows = con.execute("SELECT strftime(month, '%Y-%m'), recoverable_mwh, delivered_mwh, demand_mwh, coverage, "
                       "potential_coverage, unused_potential_mwh, beyond_demand_mwh, demand_share_of_year, "
                       "recoverable_share_of_year, heat_companies, demand_companies FROM heat_planning_month "
                       "ORDER BY month").fetchall()
    con.close()
    expected = [
        # January: half the demand met by surplus heat, the other 1000 MWh could have been; 1100 MWh beyond demand
        ("2025-01", 3100, 1000, 2000, 0.5, 1.0, 1000, 1100, 2000 / 3000, 3100 / 3700, 1, 1),
        # 600 MWh x 14/30 = 280 in June, x 16/30 = 320 in July; none delivered, all of it could have been
        ("2025-06", 280, 0, 500, 0.0, 280 / 500, 280, 0, 500 / 3000, 280 / 3700, 1, 1),
        ("2025-07", 320, 0, 500, 0.0, 320 / 500, 320, 0, 500 / 3000, 320 / 3700, 1, 1),
    ]
    assert [r[0] for r in rows] == [e[0] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        assert row[1:] == pytest.approx(want[1:]), row[0]

    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    assert main(["opportunities", "--home", str(settings.home), "--workspace", str(settings.workspace)]) == 0
    assert capsys.readouterr().out.splitlines()[:6] == [
        "resource-sharing opportunities 2025, best first (docs/sharing.md explains the ranking):",
        "none found",
        "",
        "district-heating planning 2025, MWh per month (docs/sharing.md, Heat planning):",
        "month\tdemand_mwh\trecoverable_mwh\tdelivered_mwh\tcoverage\tpotential_coverage\tunused_potential_mwh\t"
        "beyond_demand_mwh",
        "2025-01\t2000.0\t3100.0\t1000.0\t0.5\t1.0\t1000.0\t1100.0",
    ]
