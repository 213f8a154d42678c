"""The seeded demo-cluster generator: deterministic, valid mappings, physically consistent truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipelines.core.mapping import check_codes, load_mapping
from pipelines.demo import generate
from pipelines.demo.balance import site_balance
from pipelines.demo.cluster import Truth, simulate
from pipelines.demo.companies import cluster
from pipelines.demo.orgnr import check_digit, is_valid
from pipelines.demo.reference import codes

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data" / "demo"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out)
    return out


@pytest.fixture(scope="module")
def truth() -> tuple[Truth, dict[str, str]]:
    companies = cluster(1)
    roles = {s.id: s.role for c in companies for s in c.sites}
    return simulate(companies, 2026 * 1000 + 1), roles


def _validate_all(root: Path) -> list:
    paths = sorted((root / "companies").glob("*/mapping.yaml"))
    mappings = [(p, load_mapping(p)) for p in paths]
    sites = [s.id for _, m in mappings for s in m.company.sites]
    for path, mapping in mappings:
        check_codes(path, mapping, materials=codes("materials"), units=codes("units"),
                    operations=codes("operations"), sites=sites, roles=codes("roles"))
    return mappings


def test_same_seed_same_bytes(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again)
    assert _files(demo) == _files(again)


def test_committed_demo_is_current(demo: Path) -> None:
    if not (COMMITTED / "ground_truth.json").exists():
        pytest.skip("data/demo not generated yet")
    assert _files(COMMITTED) == _files(demo), "regenerate: python -m pipelines.demo --out data/demo"


def test_cluster_shape_and_every_mapping_validates(demo: Path) -> None:
    mappings = _validate_all(demo)
    assert len(mappings) >= 10
    roles = {m.company.role for _, m in mappings}
    assert roles == set(codes("roles"))
    for _, m in mappings:
        for s in m.company.sites:
            assert 62.8 < s.lat < 63.5 and 9.5 < s.lon < 10.6, s  # Trøndelag, Orkanger-Trondheim


def test_every_file_matches_exactly_one_export(demo: Path) -> None:
    for path, mapping in _validate_all(demo):
        inbox = demo / "inbox" / mapping.company.id
        files = {p.name for p in inbox.iterdir()}
        claimed: dict[str, list[str]] = {f: [] for f in files}
        for export in mapping.exports:
            matched = {p.name for p in inbox.glob(export.pattern)}
            assert matched, f"{path}: export {export.name} matches no file"
            for name in matched:
                claimed[name].append(export.name)
        assert all(len(v) == 1 for v in claimed.values()), {k: v for k, v in claimed.items() if len(v) != 1}


def test_org_numbers_pass_mod11(demo: Path) -> None:
    assert is_valid("923609016") and not is_valid("923609017")
    assert check_digit("92360901") == 6
    numbers = [m.company.org_number for _, m in _validate_all(demo)]
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid(n) for n in numbers)


def test_mass_balance_closes_per_site_and_month(truth: tuple[Truth, dict[str, str]]) -> None:
    t, roles = truth
    balance = site_balance(t, roles)
    assert len(balance) >= 10 * 24
    bad = {k: v for k, v in balance.items() if v[0] <= 0 or abs(v[0] - v[1] - v[2]) / v[0] > 0.05}
    assert not bad


def test_receipts_match_shipments(truth: tuple[Truth, dict[str, str]]) -> None:
    t, _ = truth
    shipments = {r[0]: r for r in t.shipments}
    receipts = [r for r in t.receipts if r[3] is not None]
    assert receipts
    for r in receipts:
        s = shipments[r[3]]
        assert r[1] == s[2] and r[4] == s[10] and r[7] == s[4]
        assert abs(r[8] / s[5] - 1) <= 0.02 + 1e-9
    missing = sum(1 for r in receipts if not r[11])
    assert 0 < missing < 0.01 * len(receipts)


def test_ground_truth_matches_summary_and_truth(demo: Path, truth: tuple[Truth, dict[str, str]]) -> None:
    gt = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    t, _ = truth
    ship_dry = sum(r[5] for r in t.shipments if r[4] not in ("QUARTZ", "COAL", "SILICON", "MICROSILICA"))
    assert gt["datasets"]["shipments"]["rows"] == len(t.shipments)
    assert gt["datasets"]["shipments"]["totals"]["dry_t"] == pytest.approx(ship_dry, rel=1e-3)
    assert gt["datasets"]["receipts"]["rows"] == sum(1 for r in t.receipts if r[11])
    assert gt["datasets"]["energy"]["totals"]["MWh"] > 0


def test_xlsx_layouts_read_back(demo: Path) -> None:
    titled = CalamineWorkbook.from_path(demo / "inbox" / "svartelva-sag" / "produksjon_202411.xlsx")
    rows = titled.get_sheet_by_index(0).to_python()
    assert rows[2][0] == "Batch" and rows[0][0].startswith("Svartelva")
    serial = CalamineWorkbook.from_path(demo / "inbox" / "fannrem-pellets" / "innkjop_2024-11.xlsx")
    first = serial.get_sheet_by_index(0).to_python()[1]
    assert isinstance(first[1], float) and 45_500 < first[1] < 46_500


def test_replicas_small_run(tmp_path: Path) -> None:
    summary = generate(tmp_path, months=2, replicas=2)
    mappings = _validate_all(tmp_path)
    ids = {m.company.id for _, m in mappings}
    assert len(ids) == 20 and any(i.endswith("-r02") for i in ids)
    assert summary.files == sum(1 for p in (tmp_path / "inbox").rglob("*") if p.is_file())
    assert summary.rows["shipments"] > 0
