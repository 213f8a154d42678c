"""Declared needs files: every mistake names the file and the key; a broken file never stops the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.core.warehouse import reference_codes, unconverted_needs
from pipelines.core.workspace import load_workspace
from tests.conftest import build_warehouse

MAPPING = """
company:
  id: sagbruk
  name: Testsaga AS
  org_number: "910000012"
  role: sawmill
  sites: [{id: SAG-1, name: Saga, role: sawmill, lat: 63.3, lon: 9.85}]
exports:
  - {name: receipts, dataset: receipts, pattern: "mottak*.csv", format: csv,
     columns: {receipt_id: Id, sender: Fra, material: Produkt, quantity: Mengde, unit: Enhet, receipt_date: Dato},
     constants: {receiver_site: SAG-1}}
"""

GOOD = """
needs:
  - {site: SAG-1, material: FOREST_CHIPS, quantity_per_month: 400, unit: lm3, first_month: 2025-10,
     last_month: 2026-03, max_moisture_pct: 50, max_distance_km: 60, note: new boiler}
"""


def workspace(tmp_path: Path, needs: str, mapping: str = MAPPING):
    (tmp_path / "companies" / "sagbruk").mkdir(parents=True)
    (tmp_path / "companies" / "sagbruk" / "mapping.yaml").write_text(mapping, encoding="utf-8")
    (tmp_path / "companies" / "sagbruk" / "needs.yaml").write_text(needs, encoding="utf-8")
    return load_workspace(tmp_path, reference_codes())


def problems(tmp_path: Path, needs: str) -> list[tuple[str, str]]:
    ws = workspace(tmp_path, needs)
    assert ws.errors == {} and list(ws.companies) == ["sagbruk"]  # the company still ingests
    error = ws.needs_errors["sagbruk"]
    assert str(tmp_path / "companies" / "sagbruk" / "needs.yaml") in str(error)
    return error.problems


def needs_warehouse(tmp_path: Path, needs: str) -> duckdb.DuckDBPyConnection:
    """The reference data, with the company and its needs, loaded into a fresh warehouse (read-only)."""
    settings = build_warehouse(tmp_path, {"companies/sagbruk/mapping.yaml": MAPPING,
                                          "companies/sagbruk/needs.yaml": needs}, ())
    return duckdb.connect(str(settings.warehouse), read_only=True)


def test_valid_needs_convert_to_dry_tonnes(tmp_path: Path) -> None:
    con = needs_warehouse(tmp_path, GOOD)
    row = con.execute("SELECT site_id, material_code, unit_code, moisture_pct, dry_t_per_month, first_month, "
                      "last_month, max_moisture_pct, max_distance_km, note, source FROM declared_needs").fetchall()
    con.close()
    # 400 loose m3 x 0.40 solid x 400 kg/m3 basic density = 64 t dry
    assert row == [("SAG-1", "FOREST_CHIPS", "lm3", 45.0, pytest.approx(64.0), date(2025, 10, 1), date(2026, 3, 1),
                    50.0, 60.0, "new boiler", "companies/sagbruk/needs.yaml")]


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        (lambda t: t.replace("max_distance_km", "max_distanse_km"), "needs[0].max_distanse_km",
         "unknown key; allowed keys here: site, material, quantity_per_month, unit, moisture_pct"),
        (lambda t: t.replace("site: SAG-1", "site: PEL-1"), "needs[0].site",
         "'PEL-1' is not a site of sagbruk; its sites: SAG-1"),
        (lambda t: t.replace("FOREST_CHIPS", "FLIS"), "needs[0].material",
         "unknown material code 'FLIS' (see data/reference/materials.csv)"),
        (lambda t: t.replace("unit: lm3", "unit: lass"), "needs[0].unit",
         "unknown unit code 'lass' (see data/reference/units.csv)"),
        (lambda t: t.replace("last_month: 2026-03", "last_month: 2025-03"), "needs[0]",
         "first_month 2025-10 is after last_month 2025-03"),
        (lambda t: t.replace("first_month: 2025-10", "first_month: 2025-13"), "needs[0].first_month",
         "must be a month written YYYY-MM, e.g. 2025-10 (got '2025-13')"),
        (lambda t: t.replace("first_month: 2025-10", "first_month: 10.2025"), "needs[0].first_month",
         "must be a month written YYYY-MM, e.g. 2025-10 (got 10.2025)"),
        (lambda t: t.replace("quantity_per_month: 400", "quantity_per_month: 0"), "needs[0].quantity_per_month",
         "Input should be greater than 0"),
        (lambda t: "needs: []\n", "needs", "List should have at least 1 item"),
    ],
)
def test_needs_mistakes_name_the_key(tmp_path: Path, edit, key: str, message: str) -> None:
    (got_key, got_message), = problems(tmp_path, edit(GOOD))
    assert got_key == key
    assert got_message.startswith(message), got_message


def test_needs_without_a_usable_mapping_are_not_read(tmp_path: Path) -> None:
    ws = workspace(tmp_path, GOOD, mapping=MAPPING.replace("org_number: \"910000012\"", "org_number: x"))
    assert "sagbruk" in ws.errors
    assert ws.needs_errors["sagbruk"].problems == [
        ("", "not read: the company's mapping.yaml is missing or not usable; fix it first")]


def test_need_without_dry_tonnes_is_reported(tmp_path: Path) -> None:
    con = needs_warehouse(tmp_path, GOOD.replace("FOREST_CHIPS", "MICROSILICA"))
    assert unconverted_needs(con) == [
        "companies/sagbruk/needs.yaml: needs[0]: 400 lm3 of MICROSILICA has no dry-t equivalent (a non-wood "
        "material, or a unit without a conversion factor for it); it is left out of the matching"]
    assert con.execute("SELECT count(*) FROM declared_needs WHERE dry_t_per_month IS NULL").fetchall() == [(1,)]
    con.close()


def test_check_command_reports_needs(tmp_path: Path, capsys: pytest.CaptureFixture,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    workspace(tmp_path / "ws", GOOD.replace("site: SAG-1", "site: PEL-1"))
    args = ["check", "--home", str(tmp_path / "home"), "--workspace", str(tmp_path / "ws")]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "FAIL sagbruk needs\n" in out and "needs[0].site: 'PEL-1' is not a site of sagbruk" in out
    (tmp_path / "ws" / "companies" / "sagbruk" / "needs.yaml").write_text(GOOD, encoding="utf-8")
    assert main(args) == 0
    assert "ok   sagbruk: 1 declared needs" in capsys.readouterr().out


def test_build_says_which_needs_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        monkeypatch.delenv(var, raising=False)
    workspace(tmp_path / "ws", GOOD.replace("site: SAG-1", "site: PEL-1"))
    assert main(["build", "--home", str(tmp_path / "home"), "--workspace", str(tmp_path / "ws")]) == 0
    out = capsys.readouterr().out
    assert "declared needs left out of resource sharing (docs/sharing.md, Declared needs):" in out
    assert "needs.yaml: needs[0].site: 'PEL-1' is not a site of sagbruk; its sites: SAG-1" in out
