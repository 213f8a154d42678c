"""The dashboards' pages: data from the warehouse (sql/dashboard), the confidentiality rule applied
before anything is drawn, charts as inline SVG and a few lines of inline JavaScript for the year
selector. Each page is one file with no external resource: it works offline and by e-mail."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

import duckdb

from pipelines.core.dashboard import svg
from pipelines.core.dashboard.confidential import (
    OTHER,
    Item,
    benchmark_allowed,
    cluster_figure_allowed,
    merge_small,
)
from pipelines.core.sql import query_sql

#: KPI tiles, in order: stable name -> label
TILES = {
    "byproduct_utilization": "By-product utilization",
    "inter_company_exchange_rate": "Exchanged within the cluster",
    "material_use_share": "Material use of by-products",
    "energy_use_share": "Energy use of by-products",
    "sawing_yield": "Sawing yield",
    "surplus_heat_utilization": "Surplus heat used",
    "recovery_rate": "Residues recovered",
    "mass_balance_closure_error": "Mass-balance closure error",
    "reconciliation_flag_rate": "Shipments not reconciled",
}
USES = {"material": "material use", "energy": "energy use", "unknown": "left the cluster / unknown",
        "disposal": "disposal"}
FATES = {"disposal": "to disposal", "energy_recovery": "burned, though a material use exists",
         "leaves_cluster": "leaves the cluster"}


@dataclass(frozen=True)
class Kpi:
    kpi: str
    period_type: str
    period_start: dt.date
    value: float | None
    unit: str
    reason: str | None
    contributors: int | None


def kpis(con: duckdb.DuckDBPyConnection, scope: str) -> list[Kpi]:
    _, rows = query_sql(con, "dashboard/kpis", {"scope": scope})
    return [Kpi(*r) for r in rows]


def cluster_page(con: duckdb.DuckDBPyConnection, cluster: list[Kpi], min_companies: int, generated: dt.date) -> str:
    months = sorted({k.period_start for k in cluster if k.period_type == "month"})
    withheld = f"withheld: fewer than {min_companies} companies"
    sections = [_tiles([_tile(TILES[name], *_latest(cluster, name, months), allowed=lambda k: cluster_figure_allowed(
        k.contributors, min_companies), withheld=withheld) for name in TILES])]

    labels = [f"{m:%Y-%m}" for m in months]
    trend = {TILES[n]: _series(cluster, n, months, lambda k: cluster_figure_allowed(k.contributors, min_companies))
             for n in ("byproduct_utilization", "material_use_share", "energy_use_share")}
    _, timber = query_sql(con, "dashboard/timber_use", {})
    used = {m: (t if cluster_figure_allowed(n, min_companies) else None) for m, t, n in timber}
    sections.append(_card("Monthly trends", svg.line_chart(
        "Wood used in production, cluster (dry t)", labels, {"wood used (dry t)": [used.get(m) for m in months]},
        "dry t") + svg.line_chart("By-product use, cluster", labels, trend, "share")))

    _, use_rows = query_sql(con, "dashboard/byproduct_use", {})
    years = sorted({r[0] for r in use_rows})
    flows, materials, notes = {}, {}, []
    for year in years:
        rows = [r for r in use_rows if r[0] == year]
        links: list[tuple[str, str, float]] = []
        for use, label in USES.items():
            items, dropped = merge_small([Item(r[1], r[{"material": 3, "energy": 4, "unknown": 5,
                                                         "disposal": 6}[use]] or 0.0, frozenset(r[7]))
                                          for r in rows], min_companies)
            links += [(i.label, label, i.value) for i in items if i.value > 0]
            if dropped:
                notes.append(f"{year}: small {label} flows {withheld}")
        flows[year] = svg.sankey(f"By-product flows {year} (dry t)", links, "dry t")
        made, _ = merge_small([Item(r[1], r[2] or 0.0, frozenset(r[7])) for r in rows], min_companies)
        used, _ = merge_small([Item(r[1], sum(x or 0.0 for x in r[3:5]), frozenset(r[7])) for r in rows],
                              min_companies)
        used_by = {i.label: i.value for i in used}
        materials[year] = svg.bar_chart(f"Generated and used by material {year} (dry t)", [i.label for i in made],
                                        {"generated": [i.value for i in made],
                                         "used (material or energy)": [used_by.get(i.label, 0.0) for i in made]},
                                        "dry t")
    sections.append(_card("Material and energy flows", _by_year(flows), notes))
    sections.append(_card("Utilization by material", _by_year(materials)))

    cascade = {label: [] for label in USES.values()}
    for year in years:
        rows = [r for r in use_rows if r[0] == year]
        companies = frozenset().union(*(frozenset(r[7]) for r in rows)) if rows else frozenset()
        for use, label in USES.items():
            column = {"material": 3, "energy": 4, "unknown": 5, "disposal": 6}[use]
            total = sum(r[column] or 0.0 for r in rows) if len(companies) >= min_companies else 0.0
            cascade[label].append(total)
    sections.append(_card("The cascade: material use → energy → disposal",
                          svg.bar_chart("By-product use by year (dry t)", [str(y) for y in years], cascade, "dry t",
                                        stacked=True)))

    _, heat = query_sql(con, "dashboard/surplus_heat", {})
    if heat and all(cluster_figure_allowed(r[3], min_companies) for r in heat):
        chart = svg.bar_chart("Surplus heat (MWh)", [f"{r[0]:%Y-%m}" for r in heat],
                              {"recoverable": [r[1] or 0.0 for r in heat], "delivered": [r[2] or 0.0 for r in heat]},
                              "MWh")
        sections.append(_card("Surplus heat: delivered vs recoverable", chart))
    else:
        sections.append(_card("Surplus heat: delivered vs recoverable",
                              f'<p class="withheld">Surplus heat figures are {withheld} reporting surplus heat.</p>'))

    sections += _sharing_cards(con, min_companies, withheld)

    _, warnings = query_sql(con, "dashboard/warnings", {})
    sections.append(_card("Warnings", _table(["warning", "items", "companies"], warnings)))
    _, fresh = query_sql(con, "dashboard/freshness", {"company": None})
    sections.append(_card("Data freshness and quality", _table(
        ["company", "name", "cadence", "data until", "overdue", "rows in quarantine"], fresh)))
    return _page("Cluster dashboard", generated, sections, min_companies)


def surplus_bars(rows: list[tuple], min_companies: int) -> tuple[list[str], dict[str, list[float]], list[str]]:
    """One year's surplus bars by fate from (fate, surplus, matched, offering companies, buyers) rows.

    A fate shows when enough companies offer it (smaller ones merge into "other", withheld when that is
    small too). Its split into what demand could take and the rest also reveals the buyers' demand, so
    it is shown only when enough companies buy; otherwise the bar stays whole."""
    surplus, dropped = merge_small([Item(FATES[f], total, frozenset(offer)) for f, total, _, offer, _ in rows],
                                   min_companies)
    small = [r for r in rows if len(r[3]) < min_companies]
    bars: list[tuple[float, float, float]] = []  # (demand could take, beyond it, not split)
    notes = []
    for item in surplus:
        members = small if item.label == OTHER else [r for r in rows if FATES[r[0]] == item.label]
        buyers = frozenset().union(*(frozenset(r[4]) for r in members))
        if len(buyers) >= min_companies:
            matched = sum(r[2] for r in members)
            bars.append((matched, item.value - matched, 0.0))
        else:
            bars.append((0.0, 0.0, item.value))
            if buyers:
                notes.append(f"what demand could take of {item.label} is withheld: fewer than {min_companies} "
                             "companies buy")
    if dropped:
        notes.append(f"some surplus is withheld: fewer than {min_companies} companies offer it")
    take, beyond, whole = (list(column) for column in zip(*bars, strict=True)) if bars else ([], [], [])
    series = {"demand in the cluster could take (up to)": take, "beyond matching demand": beyond}
    if any(whole):
        series["not split (too few buying companies)"] = whole
    return [i.label for i in surplus], series, notes


def heat_lines(rows: list[tuple], min_companies: int) -> tuple[list[str], dict[str, list[float | None]], list[str]]:
    """Monthly coverage lines from (month, coverage, potential coverage, heat companies, demand companies)
    rows: a month shows only when both sides have enough companies; no labels when no month may show."""
    allowed = [all(cluster_figure_allowed(n, min_companies) for n in r[3:5]) for r in rows]
    if not any(allowed):
        return [], {}, []
    series = {"delivered": [r[1] if ok else None for r, ok in zip(rows, allowed, strict=True)],
              "could have been (recoverable)": [r[2] if ok else None for r, ok in zip(rows, allowed, strict=True)]}
    gaps = [] if all(allowed) else [f"months with fewer than {min_companies} companies on either side are left out"]
    return [f"{r[0]:%Y-%m}" for r in rows], series, gaps


def _sharing_cards(con: duckdb.DuckDBPyConnection, min_companies: int, withheld: str) -> list[str]:
    """Resource sharing for cluster management: surplus by fate with how much members' demand could take
    (an upper bound, see sql/dashboard/sharing_surplus.sql), and heat-planning coverage. The surplus rule
    counts the offering companies (the figure is their by-product), and the buyers for what demand could
    take; heat coverage needs enough companies on both the surplus-heat and the district-heating side in
    each month shown."""
    _, rows = query_sql(con, "dashboard/sharing_surplus", {})
    charts, notes = {}, []
    for year in sorted({r[0] for r in rows}):
        labels, series, year_notes = surplus_bars([r[1:] for r in rows if r[0] == year], min_companies)
        notes += [f"{year}: {n}" for n in year_notes]
        if labels:
            charts[year] = svg.bar_chart(f"By-product surplus {year} by fate (dry t)", labels, series, "dry t",
                                         stacked=True)
    title = "Resource sharing: by-product surplus that a member could use"
    if charts:
        cards = [_card(title, _by_year(charts), notes)]
    else:
        cards = [_card(title, '<p class="withheld">By-product surplus figures are withheld: fewer than '
                              f"{min_companies} companies offer surplus.</p>" if rows else "<p>No surplus.</p>")]

    _, heat = query_sql(con, "dashboard/heat_planning", {})
    labels, series, gaps = heat_lines(heat, min_companies)
    title = "Heat planning: district-heating demand covered by surplus heat"
    if labels:
        cards.append(_card(title, svg.line_chart("Share of district-heating demand met by surplus heat", labels,
                                                 series, "share"), gaps))
    else:
        cards.append(_card(title, f'<p class="withheld">Heat-planning figures are {withheld} on the surplus-heat or '
                                  "the district-heating side.</p>"))
    return cards


def company_page(con: duckdb.DuckDBPyConnection, company_id: str, cluster: list[Kpi], min_companies: int,
                 generated: dt.date) -> str:
    own = kpis(con, company_id)
    months = sorted({k.period_start for k in own if k.period_type == "month"})
    contributes = {(k.kpi, k.period_type, k.period_start) for k in own if k.value is not None}

    def benchmark(k: Kpi) -> bool:
        return benchmark_allowed(k.contributors, (k.kpi, k.period_type, k.period_start) in contributes,
                                 min_companies)

    tiles = []
    for name, label in TILES.items():
        latest, previous = _latest(own, name, months)
        if latest is None:
            continue
        bench = next((k for k in cluster if (k.kpi, k.period_type, k.period_start) ==
                      (name, latest.period_type, latest.period_start)), None)
        extra = (f"cluster: {_fmt(bench.value, bench.unit)}" if bench and bench.value is not None and benchmark(bench)
                 else "cluster benchmark withheld (too few other companies)")
        tiles.append(_tile(label, latest, previous, allowed=lambda k: True, withheld="", extra=extra))
    sections = [_tiles(tiles) if tiles else "<p>No KPI has data for this company yet.</p>"]
    labels = [f"{m:%Y-%m}" for m in months]
    for name in ("byproduct_utilization", "sawing_yield"):
        mine = _series(own, name, months, lambda k: True)
        if any(v is not None for v in mine):
            series = {"own": mine, "cluster": _series(cluster, name, months, benchmark)}
            sections.append(_card(TILES[name], svg.line_chart(f"{TILES[name]}: own vs cluster", labels, series,
                                                              "share")))
    _, fresh = query_sql(con, "dashboard/freshness", {"company": company_id})
    sections.append(_card("Data freshness and quality", _table(
        ["company", "name", "cadence", "data until", "overdue", "rows in quarantine"], fresh)))
    return _page(f"Dashboard — {company_id}", generated, sections, min_companies)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)


def _latest(rows: list[Kpi], name: str, months: list[dt.date]) -> tuple[Kpi | None, Kpi | None]:
    monthly = sorted((k for k in rows if k.kpi == name and k.period_type == "month"), key=lambda k: k.period_start)
    if not monthly:
        return None, None
    return monthly[-1], (monthly[-2] if len(monthly) > 1 else None)


def _series(rows: list[Kpi], name: str, months: list[dt.date], allowed) -> list[float | None]:
    by_month = {k.period_start: k for k in rows if k.kpi == name and k.period_type == "month"}
    return [by_month[m].value if m in by_month and allowed(by_month[m]) else None for m in months]


def _tile(label: str, latest: Kpi | None, previous: Kpi | None, *, allowed, withheld: str, extra: str = "") -> str:
    if latest is None:
        body = '<div class="value">–</div><div class="note">no data</div>'
    elif not allowed(latest):
        body = f'<div class="value">–</div><div class="note withheld">{escape(withheld)}</div>'
    elif latest.value is None:
        body = f'<div class="value">–</div><div class="note">{escape(latest.reason or "")}</div>'
    else:
        change = ""
        if previous is not None and previous.value is not None and allowed(previous):
            delta = latest.value - previous.value
            arrow = "▲" if delta >= 0 else "▼"
            change = f'<div class="change">{arrow} {delta:+.3f} vs {previous.period_start:%Y-%m}</div>'
        body = (f'<div class="value">{_fmt(latest.value, latest.unit)}</div>'
                f'<div class="note">{latest.period_start:%Y-%m}</div>{change}')
    if extra:
        body += f'<div class="note">{escape(extra)}</div>'
    return f'<div class="tile"><div class="label">{escape(label)}</div>{body}</div>'


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if "/" in unit and "m3" not in unit:
        return f"{value:.2%}" if abs(value) < 0.01 else f"{value:.1%}"
    return f"{value:.3f}"


def _tiles(tiles: list[str]) -> str:
    return f'<section class="tiles">{"".join(tiles)}</section>'


def _card(title: str, body: str, notes: list[str] | None = None) -> str:
    extra = "".join(f'<p class="withheld">{escape(n)}</p>' for n in (notes or []))
    return f'<section class="card"><h2>{escape(title)}</h2>{body}{extra}</section>'


def _by_year(charts: dict[int, str]) -> str:
    if not charts:
        return "<p>No data.</p>"
    years = sorted(charts)
    options = "".join(f'<option value="{y}"{" selected" if y == years[-1] else ""}>{y}</option>' for y in years)
    blocks = "".join(f'<div class="year" data-year="{y}"{"" if y == years[-1] else " hidden"}>{charts[y]}</div>'
                     for y in years)
    return f'<label>Year <select class="year-select">{options}</select></label>{blocks}'


def _table(columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _page(title: str, generated: dt.date, sections: list[str], min_companies: int) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f4f6f5; color: #1d2b24; }}
header {{ background: #1f3d33; color: #fff; padding: 16px 24px; }}
header p {{ margin: 4px 0 0; opacity: .8; font-size: 13px; }}
main {{ padding: 16px 24px; display: grid; gap: 16px; }}
.tiles {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }}
.tile, .card {{ background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }}
.tile .label {{ font-size: 13px; color: #4a5a52; }} .tile .value {{ font-size: 26px; font-weight: 600; }}
.note, .change {{ font-size: 12px; color: #4a5a52; }} .withheld {{ color: #8a6d3b; font-size: 13px; }}
h2 {{ font-size: 16px; margin: 0 0 8px; }} table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
td, th {{ border-bottom: 1px solid #e3e8e5; padding: 4px 8px; text-align: left; }}
.chart {{ max-width: 900px; }} .grid {{ stroke: #e3e8e5; }} .axis {{ font-size: 11px; fill: #4a5a52; }}
.legend {{ font-size: 12px; }}
</style></head>
<body><header><h1>{escape(title)}</h1><p>sidestream · generated {generated.isoformat()} · figures that fewer than
{min_companies} companies make up are withheld</p></header>
<main>{"".join(sections)}</main>
<script>
document.querySelectorAll(".year-select").forEach(function (select) {{
  select.addEventListener("change", function () {{
    select.closest(".card").querySelectorAll(".year").forEach(function (block) {{
      block.hidden = block.dataset.year !== select.value;
    }});
  }});
}});
</script></body></html>
"""


def write_all(con: duckdb.DuckDBPyConnection, out_dir: Path, min_companies: int,
              generated: dt.date | None = None) -> dict[str, Path]:
    """The cluster dashboard and one per company, each written atomically."""
    day = generated or dt.date.today()
    written = {"cluster": out_dir / "cluster.html"}
    cluster = kpis(con, "cluster")  # read once: every page benchmarks against it
    write_atomically(written["cluster"], cluster_page(con, cluster, min_companies, day))
    _, companies = query_sql(con, "dashboard/freshness", {"company": None})
    for company_id, *_ in companies:
        path = out_dir / "companies" / f"{company_id}.html"
        write_atomically(path, company_page(con, company_id, cluster, min_companies, day))
        written[company_id] = path
    return written
