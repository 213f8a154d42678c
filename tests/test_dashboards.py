"""Dashboards: the confidentiality rule on the generated HTML, and the pages in a real headless
Chromium with the network off."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.core.dashboard.confidential import Item, benchmark_allowed, merge_small
from pipelines.core.settings import REPO_ROOT, Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_merge_small_groups_and_withholds() -> None:
    a, b, c, d = (frozenset({x}) for x in "abcd")
    items = [Item("CHIPS", 10.0, a | b | c), Item("BARK", 4.0, a), Item("SAWDUST", 3.0, b)]
    # BARK and SAWDUST come from one company each: merged they still make only 2 companies -> withheld
    assert merge_small(items, 3) == ([items[0]], True)
    items.append(Item("SHAVINGS", 2.0, d))
    merged, withheld = merge_small(items, 3)
    assert (merged[-1].label, merged[-1].value, withheld) == ("other", 9.0, False)


def test_benchmark_needs_enough_other_companies() -> None:
    # two sawmills: either could subtract its own yield from the cluster's and learn the other's
    assert not benchmark_allowed(2, viewer_contributes=True, min_companies=3)
    assert benchmark_allowed(4, viewer_contributes=True, min_companies=3)
    assert not benchmark_allowed(3, viewer_contributes=True, min_companies=3)


@pytest.fixture(scope="module")
def demo_dashboards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    home = tmp_path_factory.mktemp("dash_home")
    mp = pytest.MonkeyPatch()
    for var in ("SIDESTREAM_HOME", "SIDESTREAM_WORKSPACE", "DAGSTER_HOME"):
        mp.delenv(var, raising=False)
    try:
        assert main(["build", "--workspace", str(REPO_ROOT / "data/demo"), "--home", str(home)]) == 0
    finally:
        mp.undo()
    return home / "published" / "dashboards", Settings(home=home, workspace=REPO_ROOT / "data/demo")


def companies(settings: Settings) -> dict[str, str]:
    con = duckdb.connect(str(settings.home / "published/warehouse.duckdb"), read_only=True)
    try:
        return dict(con.execute("SELECT company_id, name FROM ref_companies").fetchall())
    finally:
        con.close()


def test_cluster_dashboard_withholds_figures_of_fewer_than_three_companies(demo_dashboards) -> None:
    out, _ = demo_dashboards
    html = (out / "cluster.html").read_text(encoding="utf-8")
    tiles = dict(re.findall(r'<div class="label">([^<]+)</div><div class="value">([^<]+)</div>', html))
    # two sawmills and one smelter in the demo: sawing yield and surplus heat are withheld
    assert tiles["Sawing yield"] == "–" and tiles["Surplus heat used"] == "–"
    assert tiles["By-product utilization"] != "–"
    assert "Surplus heat figures are withheld: fewer than 3 companies reporting surplus heat." in html
    # no material breakdown of fewer than 3 generating companies: the by-product materials of the demo
    # (each made by one or two companies) only appear merged as "other"
    for material in ("CHIPS", "SAWDUST", "BARK", "SHAVINGS", "SANDING_DUST"):
        assert f">{material}<" not in html and f"{material} →" not in html
    assert "<script src" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_company_dashboard_holds_no_other_company(demo_dashboards) -> None:
    out, settings = demo_dashboards
    names = companies(settings)
    for company_id in names:
        html = (out / "companies" / f"{company_id}.html").read_text(encoding="utf-8")
        others = [c for c in names if c != company_id and (c in html or names[c] in html)]
        assert others == [], (company_id, others)
    html = (out / "companies" / "svartelva-sag.html").read_text(encoding="utf-8")
    # the other sawmill is the only other contributor to the sawing yield: no benchmark
    assert "cluster benchmark withheld (too few other companies)" in html



def test_surplus_split_needs_enough_buyers_too() -> None:
    from pipelines.core.dashboard.page import surplus_bars

    rows = [  # (fate, surplus, matched, offering companies, buyers)
        ("disposal", 100.0, 40.0, ["a", "b", "c"], ["x"]),            # three offer, one buys: bar stays whole
        ("leaves_cluster", 50.0, 30.0, ["a", "b", "d"], ["x", "y", "z"]),  # enough on both sides: split
        ("energy_recovery", 7.0, 7.0, ["e"], ["x", "y", "z"]),         # one offers: withheld, no "other" to join
    ]
    labels, series, notes = surplus_bars(rows, 3)
    assert labels == ["to disposal", "leaves the cluster"]
    assert series == {"demand in the cluster could take (up to)": [0.0, 30.0], "beyond matching demand": [0.0, 20.0],
                      "not split (too few buying companies)": [100.0, 0.0]}
    assert notes == ["what demand could take of to disposal is withheld: fewer than 3 companies buy",
                     "some surplus is withheld: fewer than 3 companies offer it"]
    # two small fates of different companies merge into "other" with their matched tonnes and buyers
    labels, series, _ = surplus_bars([("disposal", 10.0, 4.0, ["a"], ["x", "y"]),
                                      ("energy_recovery", 5.0, 1.0, ["b", "c"], ["z"])], 3)
    assert labels == ["other"]
    assert series == {"demand in the cluster could take (up to)": [5.0], "beyond matching demand": [10.0]}

def test_heat_lines_leave_out_months_with_too_few_companies() -> None:
    import datetime as dt

    from pipelines.core.dashboard.page import heat_lines

    rows = [(dt.date(2025, 1, 1), 0.5, 0.9, 3, 3), (dt.date(2025, 2, 1), 0.6, 0.8, 1, 3),
            (dt.date(2025, 3, 1), 0.4, 0.7, 3, 4)]
    labels, series, gaps = heat_lines(rows, 3)
    assert labels == ["2025-01", "2025-02", "2025-03"]
    assert series == {"delivered": [0.5, None, 0.4], "could have been (recoverable)": [0.9, None, 0.7]}
    assert gaps == ["months with fewer than 3 companies on either side are left out"]
    assert heat_lines(rows, 5) == ([], {}, [])

def test_sharing_section_follows_the_confidentiality_rule(demo_dashboards) -> None:
    import datetime as dt

    from pipelines.core.dashboard.page import cluster_page, kpis

    out, settings = demo_dashboards
    html = (out / "cluster.html").read_text(encoding="utf-8")
    # one sawmill offers all the demo's surplus and one smelter reports surplus heat: both withheld
    assert "By-product surplus figures are withheld: fewer than 3 companies offer surplus." in html
    assert "Heat-planning figures are withheld: fewer than 3 companies on the surplus-heat or the " in html
    assert "By-product surplus 2025" not in html and "Share of district-heating demand" not in html
    # with the rule at one company the same section draws the figures: of 7009.7 t dry bark landfilled in
    # 2025, district heating's purchases in its five buying months could take 1433.7 t
    con = duckdb.connect(str(settings.home / "published/warehouse.duckdb"), read_only=True)
    try:
        open_html = cluster_page(con, kpis(con, "cluster"), 1, dt.date(2026, 11, 27))
    finally:
        con.close()
    assert "to disposal · demand in the cluster could take (up to): 1,433.7 dry t" in open_html
    assert "to disposal · beyond matching demand: 5,576.0 dry t" in open_html
    assert "Share of district-heating demand met by surplus heat" in open_html

@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true", reason="no Chromium on this machine")
def test_dashboards_render_offline_in_chromium(demo_dashboards, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out, _ = demo_dashboards
    assert CHROMIUM, "CI must install Chromium (see .ci/run)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        context.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()
                                             if route.request.url.startswith("file:") else route.abort()))
        for page_file in [out / "cluster.html", out / "companies" / "svartelva-sag.html"]:
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(page_file.as_uri())
            charts = page.locator("svg.chart")
            assert charts.count() >= 2
            for i in range(charts.count()):  # every chart drew something
                assert charts.nth(i).locator("polyline, rect, path").count() > 0
            if page_file.name == "cluster.html":  # the year selector switches the Sankey
                select = page.locator("select.year-select").first
                select.select_option("2025")
                assert page.locator('.card .year[data-year="2025"]').first.is_visible()
                assert not page.locator('.card .year[data-year="2026"]').first.is_visible()
            page.screenshot(path=str(tmp_path / f"{page_file.stem}.png"), full_page=True)
            assert errors == [], errors
        assert all(u.startswith("file:") for u in requests)
        browser.close()
    assert (tmp_path / "cluster.png").stat().st_size > 10_000
