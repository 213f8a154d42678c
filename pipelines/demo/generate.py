"""Generate the demo workspace: `companies/<id>/mapping.yaml`, `inbox/<id>/<files>`, `ground_truth.json`.

Each replica is simulated, written and dropped on its own (in parallel processes when there are
several), so memory stays at a cluster's records per process however many replicas are asked for.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.core.settings import MODEL_PARAMETERS
from pipelines.demo.cluster import FIELDS, OWNER, Truth, simulate
from pipelines.demo.companies import cluster
from pipelines.demo.forwarder import forwarded, harvested, write_fpr
from pipelines.demo.harvester import PRODUCTS, HarvestObject, write_hpr
from pipelines.demo.mappings import mapping_doc, sheet_name, write_mapping
from pipelines.demo.needs import write_needs
from pipelines.demo.render import Renderer, period_file, site_names, time_of
from pipelines.demo.spec import Company
from pipelines.demo.writers import write_csv, write_xlsx

DATASETS = ("production", "shipments", "receipts", "stock", "energy", "treatments")
#: the datasets written: the simulation's records, and the forwarders' loads of the harvest objects
WRITTEN = (*DATASETS, "forwarding")


@dataclass
class Summary:
    """What a run wrote: rows and files per dataset, total files and bytes, and how long it took."""

    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    files_per_dataset: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def __str__(self) -> str:
        lines = [f"{self.out_dir}: {self.files} files, {self.bytes / 1e6:.2f} MB, {self.total_rows} rows "
                 f"in {self.seconds:.1f} s ({self.total_rows / max(self.seconds, 1e-9):,.0f} rows/s)"]
        lines += [f"  {ds:<11} {self.rows.get(ds, 0):>9} rows  {self.files_per_dataset.get(ds, 0):>5} files"
                  for ds in WRITTEN]
        return "\n".join(lines)


class GroundTruth:
    """Totals the ingestion must reproduce, accumulated from the numbers as written.

    Per dataset: `rows` (data rows written, header and title lines excluded; receipts that were
    deliberately left out of the export are not counted), `files`, and `totals` per canonical basis:
    `dry_t` for wood, `t` for minerals, `MWh` for energy, plus the same per material in `by_material`.
    Each row adds quantity x per_canonical(material, unit, moisture) (see `reference.per_canonical`):
    quantity and moisture exactly as written in the file (moisture only where the export has a
    moisture column and the unit needs it, else the material's default); wood: solid m3 x basic
    density / 1000, loose m3 x bulk solid fraction x basic density / 1000, green t x (1 - w), kg x
    0.001 x (1 - w), dry t x 1, MWh (as received) x 3.6 x (1 - w) / (lhv_dry x (1 - w) - 2.443 x w);
    minerals: tonnes; energy: MWh. Sums are rounded to 3 decimals at the end. Stock totals add up
    every count (a checksum, not a physical quantity). Forwarding totals also hold `mass_t`, the masses
    as weighed or derived (m³sob as written x the on-bark density); `forwarding_balance` counts the
    (landing, object, material) pairs by status and the m³sub left in the forest, from the harvest
    objects' volumes as the harvester and forwarder files write them.
    """

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.files: dict[str, int] = {}
        self.totals: dict[str, dict[str, float]] = {}
        self.by_material: dict[str, dict[str, float]] = {}
        self.balance: dict[str, float] = {}

    def add(self, dataset: str, rows: int, files: int, totals: dict[str, float],
            by_material: dict[str, float]) -> None:
        self.rows[dataset] = self.rows.get(dataset, 0) + rows
        self.files[dataset] = self.files.get(dataset, 0) + files
        for target, source in ((self.totals, totals), (self.by_material, by_material)):
            acc = target.setdefault(dataset, {})
            for k, v in source.items():
                acc[k] = acc.get(k, 0.0) + v

    def add_balance(self, counts: dict[str, float]) -> None:
        for k, v in counts.items():
            self.balance[k] = self.balance.get(k, 0) + v

    def merge(self, other: GroundTruth) -> None:
        for ds in other.rows:
            self.add(ds, other.rows[ds], other.files.get(ds, 0), other.totals.get(ds, {}),
                     other.by_material.get(ds, {}))
        self.add_balance(other.balance)

    def as_dict(self, meta: dict) -> dict:
        return {
            **meta,
            "doc": (GroundTruth.__doc__ or "").strip().splitlines()[0],
            "datasets": {
                ds: {
                    "rows": self.rows.get(ds, 0),
                    "files": self.files.get(ds, 0),
                    "totals": {b: round(v, 3) for b, v in sorted(self.totals.get(ds, {}).items())},
                    "by_material": {m: round(v, 3) for m, v in sorted(self.by_material.get(ds, {}).items())},
                }
                for ds in WRITTEN
            },
            "forwarding_balance": {k: round(v, 3) for k, v in sorted(self.balance.items())},
        }


def _first_day(start: str) -> date:
    y, m = (int(p) for p in start.split("-"))
    return date(y, m, 1)


def write_company(company: Company, companies: list[Company], out: Path, first: date,
                  gt: GroundTruth, summary: Summary, by_owner: dict[str, dict[str, list[tuple]]],
                  harvests: list[HarvestObject] = ()) -> None:
    """Write one company's inbox files and its mapping.yaml."""
    inbox = out / "inbox" / company.id
    inbox.mkdir(parents=True, exist_ok=True)
    names = site_names(company, companies)
    site_ids = {s.id for c in companies for s in c.sites}
    values_by_export: dict[str, dict[str, dict[str, str]]] = {}
    for dataset in DATASETS:
        rows = [r for s in company.sites for r in by_owner[dataset].get(s.id, [])]
        if not rows:
            continue
        export = company.export_for(dataset)
        if export is None:
            raise ValueError(f"{company.id} has {dataset} records but no export for them")
        if export.format == "stanford_hpr":
            _write_harvester(company, out, first, gt, summary, harvests, values_by_export)
            continue
        i_time = FIELDS[dataset].index(time_of(dataset))
        files: dict[str, list[tuple]] = defaultdict(list)
        for r in rows:
            files[period_file(export, r[i_time], first)].append(r)
        text = company.dialect.format == "csv"
        renderer = Renderer(company, export, names, site_ids, text)
        header = [h for h, _ in export.columns]
        for name in sorted(files):
            recs = sorted(files[name], key=lambda r: r[i_time])
            path = inbox / name
            if text:
                write_csv(path, header, renderer.render(recs), company.dialect)
            else:
                title = f"{company.name} – {sheet_name(export)} ({name.rsplit('.', 1)[0].split('_', 1)[-1]})"
                write_xlsx(path, header, renderer.render(recs), company.dialect, sheet_name(export), title)
            summary.bytes += path.stat().st_size
        gt.add(dataset, renderer.rows, len(files), renderer.totals, renderer.by_material)
        values_by_export[export.name] = renderer.values
    write_mapping(out / "companies" / company.id / "mapping.yaml", mapping_doc(company, values_by_export))


def _write_harvester(company: Company, out: Path, first: date, gt: GroundTruth, summary: Summary,
                     harvests: list[HarvestObject], values_by_export: dict[str, dict[str, dict[str, str]]]) -> None:
    """The harvester's production and the forwarder's loads: one .hpr and one .fpr per landing (export,
    site as its constant) and month, with the same harvest objects."""
    sites = {s.id: s for s in company.sites}
    products = {"material": {name: code for code, (_, name) in PRODUCTS.items()}}
    for export in (e for e in company.exports if e.dataset in ("production", "forwarding")):
        site = dict(export.constants)["site"]
        files: dict[str, list[HarvestObject]] = defaultdict(list)
        for o in harvests:
            if o.site == site:
                files[period_file(export, o.end, first)].append(o)
        for name in sorted(files):
            path = out / "inbox" / company.id / name
            if export.dataset == "production":
                rows, totals, by_material = write_hpr(path, files[name], sites[site], company.name)
            else:
                rows, totals, by_material, mass_t = write_fpr(path, files[name], sites[site], company.name)
                totals = {**totals, "mass_t": mass_t}
                gt.add_balance(_balance(files[name]))
            gt.add(export.dataset, rows, 1, totals, by_material)
            summary.bytes += path.stat().st_size
        values_by_export[export.name] = products


def _balance(objects: list[HarvestObject]) -> dict[str, float]:
    """Forwarded against harvested per object and material: pairs by status (a remainder within the
    model's forwarding tolerance of the harvest is balanced), m³sub left in the forest."""
    tolerance = MODEL_PARAMETERS["forwarding_tolerance"]
    out = {"balanced": 0, "left in forest": 0, "left_in_forest_m3": 0.0}
    for o in objects:
        cut = harvested(o)
        for material, thousandths in forwarded(o).items():
            left = cut[material] - thousandths
            out["left in forest" if left > tolerance * cut[material] else "balanced"] += 1
            out["left_in_forest_m3"] += left / 1000
    return out


def _by_owner(truth: Truth) -> dict[str, dict[str, list[tuple]]]:
    """Records per dataset per reporting site (receipts left out of the export are dropped here)."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for dataset in DATASETS:
        i = FIELDS[dataset].index(OWNER[dataset])
        groups: dict[str, list[tuple]] = defaultdict(list)
        records = getattr(truth, dataset)
        if dataset == "receipts":
            records = [r for r in records if r[-1]]
        for r in records:
            groups[r[i]].append(r)
        out[dataset] = groups
    return out


def _replica(args: tuple[Path, int, str, int, int]) -> tuple[GroundTruth, int]:
    """Simulate and write one replica; returns its ground truth and bytes written."""
    out, seed, start, months, replica = args
    companies = cluster(replica)
    truth = simulate(companies, seed * 1000 + replica, start, months)
    by_owner = _by_owner(truth)
    gt = GroundTruth()
    summary = Summary(out)
    for company in companies:
        write_company(company, companies, out, _first_day(start), gt, summary, by_owner, truth.harvests)
    return gt, summary.bytes


def generate(out_dir: Path, *, seed: int = 2026, start: str = "2024-11", months: int = 24,
             replicas: int = 1, workers: int | None = None) -> Summary:
    """Write the demo workspace to `out_dir` (its companies/, inbox/ and ground_truth.json are replaced).

    Same arguments, same bytes (also whatever `workers`). `replicas > 1` adds clones of the cluster
    with suffixed ids (-r02 ...), each simulated with its own seed, written by up to `workers`
    processes (default: one per CPU) and merged in replica order.
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    for sub in ("companies", "inbox"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(out, seed, start, months, r) for r in range(1, replicas + 1)]
    n = min(replicas, workers or os.cpu_count() or 1)
    if n > 1:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(_replica, jobs))
    else:
        results = [_replica(j) for j in jobs]
    gt = GroundTruth()
    summary = Summary(out)
    for part, size in results:
        gt.merge(part)
        summary.bytes += size
    write_needs(out)
    summary.rows = dict(gt.rows)
    summary.files_per_dataset = dict(gt.files)
    summary.files = sum(gt.files.values())
    meta = {"seed": seed, "start": start, "months": months, "replicas": replicas}
    (out / "ground_truth.json").write_text(json.dumps(gt.as_dict(meta), indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    summary.seconds = time.perf_counter() - t0
    return summary
