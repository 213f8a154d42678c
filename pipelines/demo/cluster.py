"""The physical flow simulation of one replica of the demo cluster, month by month, in canonical units.

Truth is kept in dry tonnes (wood), tonnes (minerals) and MWh (energy); the writers express it in
each company's units later. Every movement goes through a FIFO `Ledger`, so month-end stock counts,
lot genealogy and the per-site mass balance are consistent by construction; what does not close is
the process loss written into the yields below (and combustion at the smelter and district heating).

Record layouts (tuples, to stay light at scale; `w` is the moisture fraction to report, or None):
  production  (batch_id, site, date, direction, lot_id, material, qty, w)
  shipments   (shipment_id, sender_site, receiver, lot_id, material, qty, w, date, mode, km, document_no)
  receipts    (receipt_id, receiver_site, sender, shipment_id, document_no, lot_id, sender_lot_id,
               material, qty, w, date, recorded)
  stock       (site, material, qty, w, date)
  energy      (site, receiver, measure, material, qty, period_start, period_end)
  treatments  (treatment_id, site, receiver, operation, lot_id, material, qty, w, date, document_no)
`receiver`/`sender` hold a cluster site id or an external party's name.
"""

from __future__ import annotations

import calendar
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipelines.demo.companies import EXTERNAL_KM, road_km
from pipelines.demo.harvester import HarvestArea, HarvestObject, hpr_lot
from pipelines.demo.ledger import Ledger
from pipelines.demo.reference import materials, per_canonical, uses_moisture
from pipelines.demo.spec import Company, Site

# Sawmill yields in dry t per dry t of log wood. The log's m3fub (and so its dry wood mass) excludes
# bark, but the bark arrives on the log and leaves as BARK, so the wood yields are set below 1 by the
# bark share: sawn 0.475, chips 0.29, sawdust 0.105 (volume yields for spruce: 0.475, 0.28, 0.10 of
# m3fub; a 70/30 spruce/pine mix gives sawn ~0.49 m3 per m3fub) plus bark 0.10 (38 kg dry = 86 kg
# green per m3fub) = 0.97 of the input: dry outputs incl. bark close to ~97 % of dry inputs, 3 % loss.
SAW_YIELD = {"SAWN_TIMBER": 0.475, "CHIPS": 0.29, "SAWDUST": 0.105, "BARK": 0.10}
PLANE_YIELD = {"PLANED_TIMBER": 0.80, "SHAVINGS": 0.15, "TRIM_ENDS": 0.035}
PELLET_YIELD = {"PELLETS": 0.965, "PELLET_FINES": 0.01}
BOARD_YIELD = {"PARTICLEBOARD": 0.92, "SANDING_DUST": 0.05}
RECYCLE_YIELD = {"RECYCLED_WOOD": 0.90, "WASTE_WOOD": 0.08}
#: smelter: t per t silicon; silicon per dry t of chips
SMELT = {"QUARTZ": 2.8, "COAL": 1.0, "MICROSILICA": 0.30, "SLAG": 0.04}
SI_PER_CHIPS = 1 / 1.2
HEAT_PER_SI_MWH = 7.5
BOILER_EFFICIENCY = 0.88
ASH_SHARE = 0.015

SAWLOG_DRY = {"SAWLOG_SPRUCE": 0.385, "SAWLOG_PINE": 0.435, "PULPWOOD": 0.400}  # dry t per m3fub

# Seasonal shapes (mean 1): harvest dips at the spring thaw and the July holiday; sawing stops for
# three weeks in July; heat demand follows Trøndelag's heating degree days.
HARVEST = {1: 1.15, 2: 1.2, 3: 1.1, 4: 0.8, 5: 0.75, 6: 0.95, 7: 0.6, 8: 1.0, 9: 1.1, 10: 1.15,
                11: 1.1, 12: 1.1}
SAWING = {m: (0.45 if m == 7 else 1.05) for m in range(1, 13)}
HEAT = {1: 1.6, 2: 1.45, 3: 1.3, 4: 1.0, 5: 0.65, 6: 0.4, 7: 0.35, 8: 0.4, 9: 0.65, 10: 1.0, 11: 1.3, 12: 1.55}
for _s in (HARVEST, SAWING, HEAT):
    _mean = sum(_s.values()) / 12
    for _k in _s:
        _s[_k] /= _mean

HARVEST_SAWLOG_M3 = 320_000
HARVEST_PULP_M3 = 110_000
#: energy wood (tops, small roundwood) taken on some stands, as a share of the stand's roundwood
HARVEST_ENERGY_SHARE = 0.05
#: stand names for the harvest areas (sub-objects): farm and forest names around Meldal and Orkdal
STAND_NAMES = ("Bakkan", "Vollan", "Rognli", "Grønset", "Løkken", "Hoston", "Svorkdalen", "Storås", "Hålandsmoen",
               "Kjølberget", "Åshaugen", "Slettemo", "Berkåk", "Garberg", "Fagerli", "Moaskogen", "Langlia",
               "Vindåsen", "Brattset", "Stamnes", "Tverråa", "Furumo", "Granlia", "Skjerpet")
BIG_SAWMILL_M3 = 250_000
SMALL_SAWMILL_M3 = 100_000
SMALL_EXTERNAL_M3 = 30_000
HEAT_DEMAND_MWH = 110_000
WASTE_WOOD_T = 12_000  # green t per year
VESSEL_MIN = {"SAWN_TIMBER": 2500, "PLANED_TIMBER": 1500, "PELLETS": 2500, "SILICON": 1500,
              "MICROSILICA": 700, "PULPWOOD": 3500, "PARTICLEBOARD": 900}
VESSEL_BUYER = {"SAWN_TIMBER": "Hanse Holz Import GmbH", "PLANED_TIMBER": "Hanse Holz Import GmbH",
                "PARTICLEBOARD": "Hanse Holz Import GmbH", "PELLETS": "Pellet Nord ApS",
                "SILICON": "SiliChem Europe GmbH", "MICROSILICA": "SiliChem Europe GmbH",
                "PULPWOOD": "Fjordmassa AS"}
FUELS = ("BARK", "TRIM_ENDS", "RECYCLED_WOOD", "PELLET_FINES", "FOREST_CHIPS")
MISSING_RECEIPT_SHARE = 0.004

#: Field names of each record tuple; `qty` is canonical, `w` the moisture fraction (or None).
FIELDS: dict[str, tuple[str, ...]] = {
    "production": ("batch_id", "site", "event_date", "direction", "lot_id", "material", "qty", "w"),
    "shipments": ("shipment_id", "sender_site", "receiver", "lot_id", "material", "qty", "w", "ship_date",
                  "transport_mode", "distance_km", "document_no"),
    "receipts": ("receipt_id", "receiver_site", "sender", "shipment_id", "document_no", "lot_id", "sender_lot_id",
                 "material", "qty", "w", "receipt_date", "recorded"),
    "stock": ("site", "material", "qty", "w", "count_date"),
    "energy": ("site", "receiver", "measure", "material", "qty", "period_start", "period_end"),
    "treatments": ("treatment_id", "site", "receiver", "operation", "lot_id", "material", "qty", "w",
                   "treatment_date", "document_no"),
}
#: The field of each record that says which company reports it.
OWNER = {"production": "site", "shipments": "sender_site", "receipts": "receiver_site", "stock": "site",
         "energy": "site", "treatments": "site"}


@dataclass
class Truth:
    production: list[tuple] = field(default_factory=list)
    shipments: list[tuple] = field(default_factory=list)
    receipts: list[tuple] = field(default_factory=list)
    stock: list[tuple] = field(default_factory=list)
    energy: list[tuple] = field(default_factory=list)
    treatments: list[tuple] = field(default_factory=list)
    #: the harvester's objects (written as .hpr files; their sub-object outputs are production records)
    harvests: list[HarvestObject] = field(default_factory=list)


def month_range(start: str, months: int) -> list[tuple[int, int]]:
    y, m = (int(p) for p in start.split("-"))
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


#: Fixed-date Norwegian public holidays (month, day); Easter-based ones are ignored.
HOLIDAYS = {(1, 1), (5, 1), (5, 17), (12, 25), (12, 26)}


def workdays(y: int, m: int) -> list[date]:
    """Monday to Friday, without the fixed public holidays."""
    n = calendar.monthrange(y, m)[1]
    return [d for d in (date(y, m, i) for i in range(1, n + 1))
            if d.weekday() < 5 and (m, d.day) not in HOLIDAYS]


def base_id(company: Company) -> str:
    return re.sub(r"-r\d+$", "", company.id)


class Simulation:
    """One replica's cluster state and the records it produces."""

    def __init__(self, companies: list[Company], seed: int) -> None:
        self.rng = random.Random(seed)
        self.co = {base_id(c): c for c in companies}
        self.company_of = {s.id: c for c in companies for s in c.sites}
        self.site_of = {s.id: s for c in companies for s in c.sites}
        self.ledger = Ledger()
        self.truth = Truth()
        self._n: dict[tuple[str, str], int] = {}
        self._moist_rule: dict[tuple, str] = {}
        self.received: dict[str, float] = {}
        self.produced: dict[tuple[str, str], float] = {}
        self.surplus_delivered = 0.0
        #: (site, lot) -> day the lot was made or received there: a load never leaves before that
        self.ready: dict[tuple[str, str], date] = {}

    # ---- ids, moisture, dates -------------------------------------------------------------
    def nid(self, company: Company, kind: str, width: int = 6) -> str:
        key = (company.id, kind)
        n = self._n[key] = self._n.get(key, 0) + 1
        return f"{company.short}-{kind}{n:0{width}d}"

    def moisture(self, material: str, parties: tuple[tuple[Company, str], ...]) -> float | None:
        """Moisture to report: None if no party's unit needs it, the default if a party converts
        wet mass without reporting moisture (so its numbers stay true), else a realistic spread."""
        key = (material, tuple((c.id, d) for c, d in parties))
        rule = self._moist_rule.get(key)
        if rule is None:
            rule = "none"
            for company, dataset in parties:
                export = company.export_for(dataset)
                if export is None or material not in company.units:
                    continue
                if uses_moisture(material, company.unit_for(export, material)):
                    if not export.reports_moisture:
                        rule = "default"
                        break
                    rule = "random"
            self._moist_rule[key] = rule
        if rule == "none":
            return None
        w0 = materials()[material].default_moisture
        if rule == "default":
            return w0
        return round(min(0.7, max(0.03, w0 * (1 + self.rng.gauss(0, 0.07)))), 3)

    def split(self, total: float, n: int) -> list[float]:
        weights = [self.rng.uniform(0.75, 1.25) for _ in range(max(1, n))]
        s = sum(weights)
        return [total * w / s for w in weights]

    def days(self, dates: list[date], n: int) -> list[date]:
        return sorted(self.rng.choice(dates) for _ in range(max(1, n)))

    # ---- movements ------------------------------------------------------------------------
    def receive(self, site: Site, sender: str, shipment_id: str | None, doc: str, sender_lot: str | None,
                material: str, qty: float, w: float | None, day: date, recorded: bool = True) -> None:
        company = self.company_of[site.id]
        export = company.export_for("receipts")
        relabel = sender_lot is None or "sender_lot_id" in export.fields
        lot = self.nid(company, "P", 7) if relabel else sender_lot
        rid = self.nid(company, "M")
        self.truth.receipts.append((rid, site.id, sender, shipment_id, doc, lot,
                                    sender_lot if relabel else None, material, qty, w, day, recorded))
        self.ledger.add(site.id, material, lot, qty)
        self.ready.setdefault((site.id, lot), day)
        self.received[site.id] = self.received.get(site.id, 0.0) + qty

    def receive_external(self, site: Site, sender: str, material: str, total: float, n: int,
                         dates: list[date]) -> None:
        company = self.company_of[site.id]
        for qty, day in zip(self.split(total, n), self.days(dates, n), strict=True):
            w = self.moisture(material, ((company, "receipts"),))
            self.receive(site, sender, None, f"EXT-{self.rng.randrange(10**7):07d}", None, material, qty, w, day)

    def dispatch(self, sender: Site, receiver: str, material: str, total: float, n: int, mode: str,
                 dates: list[date], doc: str | None = None) -> None:
        """Ship `total` in about `n` loads (FIFO by lot); a cluster receiver books a receipt.

        A vessel (`doc` given: one bill of lading) lists each lot it loads; a truck load is one row.
        """
        if total <= 1e-6:
            return
        company = self.company_of[sender.id]
        target = self.site_of.get(receiver)
        parties: tuple = ((company, "shipments"),)
        if target is not None:
            parties += ((self.company_of[receiver], "receipts"),)
        km = road_km(sender, target) if target is not None else EXTERNAL_KM[receiver]
        for qty, day in zip(self.split(total, n), self.days(dates, n), strict=True):
            parts = self.ledger.take(sender.id, material, qty)
            if doc is None and parts:
                # one load, one waybill: it carries the lot that fills most of it
                parts = [(max(parts, key=lambda p: p[1])[0], sum(q for _, q in parts))]
            for lot, part in parts:
                day = max(day, self.ready.get((sender.id, lot), day))
                sid = self.nid(company, "L")
                dno = doc or f"{company.short}{self.rng.randrange(10**6, 10**7)}"
                w = self.moisture(material, parties)
                self.truth.shipments.append((sid, sender.id, receiver, lot, material, part, w, day, mode, km, dno))
                if target is not None:
                    got = part * (1 + max(-0.02, min(0.02, self.rng.gauss(0, 0.008))))
                    recorded = self.rng.random() >= MISSING_RECEIPT_SHARE
                    self.receive(target, self.party_name_for(sender.id), sid, dno, lot, material, got, w, day,
                                 recorded)

    def party_name_for(self, site_id: str) -> str:
        return site_id

    def batch(self, site: Site, day: date | datetime, inputs: list[tuple[str, float]],
              outputs: list[tuple[str, float, str | None]], batch_id: str | None = None,
              aggregate: bool = False) -> tuple[str, list[tuple[str, float]]]:
        """Record one production batch; returns its id and the inputs actually consumed."""
        company = self.company_of[site.id]
        bid = batch_id or self.nid(company, "B")
        prod = self.truth.production
        parties = ((company, "production"),)
        used = []
        for material, qty in inputs:
            if materials()[material].stream == "energy":
                parts = [(None, qty)]
            else:
                parts = self.ledger.take(site.id, material, qty)
            if aggregate and parts:
                parts = [(None, sum(q for _, q in parts))]
            for lot, part in parts:
                prod.append((bid, site.id, day, "input", lot, material, part, self.moisture(material, parties)))
            used.append((material, sum(q for _, q in parts)))
        for material, qty, lot in outputs:
            if qty <= 1e-9:
                continue
            if materials()[material].stream != "energy":
                self.ledger.add(site.id, material, lot or bid, qty)
                self.ready.setdefault((site.id, lot or bid), day if not isinstance(day, datetime) else day.date())
            key = (site.id, material)
            self.produced[key] = self.produced.get(key, 0.0) + qty
            prod.append((bid, site.id, day, "output", lot, material, qty, self.moisture(material, parties)))
        return bid, used

    def treat(self, site: Site, material: str, total: float, receiver: str, operation: str, n: int,
              dates: list[date], lot: str | None = None) -> None:
        company = self.company_of[site.id]
        for qty, day in zip(self.split(total, n), self.days(dates, n), strict=True):
            for lot_id, part in self.ledger.take(site.id, material, qty, lot):
                w = self.moisture(material, ((company, "treatments"),))
                self.truth.treatments.append((self.nid(company, "A"), site.id, receiver, operation, lot_id,
                                              material, part, w, day, f"DEK-{self.rng.randrange(10**8):08d}"))

    def surplus(self, site: Site, material: str, buffer_share: float) -> float:
        """What can leave a site: stock above a buffer proportional to this month's production."""
        made = self.produced.get((site.id, material), 0.0)
        return max(0.0, self.ledger.level(site.id, material) - buffer_share * made * self.rng.uniform(0.5, 1.5))

    def count_stock(self, day: date) -> None:
        for company in self.co.values():
            for site in company.sites:
                for material in company.units:
                    if materials()[material].stream == "energy":
                        continue
                    qty = self.ledger.level(site.id, material)
                    w = self.moisture(material, ((company, "stock"),))
                    self.truth.stock.append((site.id, material, qty, w, day))


def _site(sim: Simulation, key: str, i: int = 0) -> Site:
    return sim.co[key].sites[i]


def simulate(companies: list[Company], seed: int, start: str = "2024-11", months: int = 24) -> Truth:
    """Run the cluster for `months` months from `start` (YYYY-MM); returns the truth records."""
    sim = Simulation(companies, seed)
    months_list = month_range(start, months)
    _opening(sim)
    y0, m0 = months_list[0]
    sim.count_stock(date(y0, m0, 1) - timedelta(days=1))
    for y, m in months_list:
        sim.received.clear()
        sim.produced.clear()
        dates = workdays(y, m)
        _harvest(sim, y, m, dates)
        _port_inbound(sim, y, m, dates)
        _sawmill(sim, "svartelva-sag", BIG_SAWMILL_M3, m, dates)
        _sawmill(sim, "bjorgasen-sag", SMALL_SAWMILL_M3, m, dates)
        _planing(sim, dates)
        _recycler(sim, dates)
        _pellets(sim, dates)
        _board(sim, dates)
        _smelter(sim, y, m, dates)
        _district_heating(sim, y, m, dates)
        _port_outbound(sim, dates)
        sim.count_stock(date(y, m, calendar.monthrange(y, m)[1]))
    return sim.truth


def _opening(sim: Simulation) -> None:
    """Opening stock (inngående balanse), about a few weeks of each flow."""
    month_log_dry = BIG_SAWMILL_M3 / 12 * 0.39
    opening = {
        "svartelva-sag": {"SAWLOG_SPRUCE": 0.7 * month_log_dry, "SAWLOG_PINE": 0.3 * month_log_dry,
                          "SAWN_TIMBER": 1500, "CHIPS": 200, "SAWDUST": 80, "BARK": 150},
        "bjorgasen-sag": {"SAWLOG_SPRUCE": 2200, "SAWLOG_PINE": 900, "SAWN_TIMBER": 600, "CHIPS": 90,
                          "SAWDUST": 40, "BARK": 60},
        "fjordhovleriet": {"SAWN_TIMBER": 700, "PLANED_TIMBER": 400, "SHAVINGS": 40, "TRIM_ENDS": 20},
        "fannrem-pellets": {"SAWDUST": 400, "SHAVINGS": 80, "PELLETS": 600, "PELLET_FINES": 5},
        "midtfjord-spon": {"CHIPS": 600, "SAWDUST": 100, "RECYCLED_WOOD": 200, "PARTICLEBOARD": 500,
                           "SANDING_DUST": 20},
        "thamsora-silisium": {"CHIPS": 400, "QUARTZ": 3000, "COAL": 1100, "SILICON": 300, "MICROSILICA": 120},
        "ringvold-gjenvinning": {"WASTE_WOOD": 250, "RECYCLED_WOOD": 200},
        "orkfjord-fjernvarme": {"BARK": 900, "TRIM_ENDS": 40, "RECYCLED_WOOD": 150, "FOREST_CHIPS": 300},
        "fjordkaia": {"SAWN_TIMBER": 600, "PLANED_TIMBER": 300, "PELLETS": 800, "SILICON": 400,
                      "MICROSILICA": 200, "PULPWOOD": 1200, "QUARTZ": 2000, "COAL": 800, "PARTICLEBOARD": 150},
    }
    for key, stock in opening.items():
        company = sim.co[key]
        for material, qty in stock.items():
            sim.ledger.add(company.sites[0].id, material, f"{company.short}-IB-{material[:4]}", qty)
    for site in sim.co["granli-skog"].sites:
        for material, m3 in (("SAWLOG_SPRUCE", 9000), ("SAWLOG_PINE", 3500), ("PULPWOOD", 4000)):
            sim.ledger.add(site.id, material, f"{sim.co['granli-skog'].short}-IB-{material[:4]}",
                           m3 * SAWLOG_DRY[material] / 2)


def _harvest(sim: Simulation, y: int, m: int, dates: list[date]) -> None:
    co = sim.co["granli-skog"]
    rng = sim.rng
    saw_m3 = HARVEST_SAWLOG_M3 / 12 * HARVEST[m] * rng.uniform(0.93, 1.07)
    pulp_m3 = HARVEST_PULP_M3 / 12 * HARVEST[m] * rng.uniform(0.9, 1.1)
    n_lots = rng.randint(6, 9)
    shares = sim.split(1.0, n_lots)
    prefix = re.sub(r"\D", "", co.short) or ""
    for i, share in enumerate(shares, 1):
        # every landing gets at least one harvest object a month, the rest fall 55/45
        site = co.sites[i - 1] if i <= len(co.sites) else (co.sites[0] if rng.random() < 0.55 else co.sites[1])
        key = f"{prefix}{y % 100:02d}{m:02d}{i:02d}"
        pine = rng.uniform(0.15, 0.45)
        worked = sim.days(dates, rng.randint(3, 8))
        areas = []
        for j, part in enumerate(sim.split(share, rng.randint(1, 3)), 1):
            sub = f"{key}{j}"
            energy = HARVEST_ENERGY_SHARE * rng.uniform(0.6, 1.4) if rng.random() < 0.6 else 0.0
            m3 = {"SAWLOG_SPRUCE": saw_m3 * part * (1 - pine), "SAWLOG_PINE": saw_m3 * part * pine,
                  "PULPWOOD": pulp_m3 * part}
            m3["ENERGYWOOD"] = energy * sum(m3.values())
            m3 = {k: round(v, 3) for k, v in m3.items() if round(v, 3) > 0}
            sim.batch(site, worked[-1], [], [(k, v * per_canonical(k, "m3fub", None), hpr_lot(key, sub, k))
                                             for k, v in m3.items()], batch_id=sub)
            areas.append(HarvestArea(sub, f"{rng.choice(STAND_NAMES)} {rng.randint(1, 180)}/{rng.randint(1, 40)}",
                                     tuple(m3.items()), round(pine, 3)))
        name = f"{areas[0].name.split()[0]} {'sluttavvirkning' if rng.random() < 0.85 else 'tynning'}"
        sim.truth.harvests.append(HarvestObject(site.id, key, name, worked[0], worked[-1], tuple(areas),
                                                rng.randrange(2**32)))
    big, small, port = _site(sim, "svartelva-sag"), _site(sim, "bjorgasen-sag"), _site(sim, "fjordkaia")
    share_big = BIG_SAWMILL_M3 / (BIG_SAWMILL_M3 + SMALL_SAWMILL_M3 - SMALL_EXTERNAL_M3)
    for site in co.sites:
        for material in ("SAWLOG_SPRUCE", "SAWLOG_PINE"):
            total = sim.surplus(site, material, 0.2)
            sim.dispatch(site, big.id, material, total * share_big, max(1, round(total * share_big / 80)),
                         "truck", dates)
            rest = total * (1 - share_big)
            sim.dispatch(site, small.id, material, rest, max(1, round(rest / 80)), "truck", dates)
        total = sim.surplus(site, "PULPWOOD", 0.2)
        sim.dispatch(site, port.id, "PULPWOOD", total * 0.6, max(1, round(total * 0.6 / 90)), "truck", dates)
        sim.dispatch(site, "Fjordmassa AS", "PULPWOOD", total * 0.4, max(1, round(total * 0.4 / 90)), "truck",
                     dates)
        total = sim.surplus(site, "ENERGYWOOD", 0.2)
        sim.dispatch(site, "Varmeflis Midt AS", "ENERGYWOOD", total, max(1, round(total / 40)), "truck", dates)
    ext = SMALL_EXTERNAL_M3 / 12 * HARVEST[m] * rng.uniform(0.85, 1.15)
    sim.receive_external(small, "Nordfjell Skogeierlag SA", "SAWLOG_SPRUCE", ext * 0.75 * 0.385, 4, dates)
    sim.receive_external(small, "Nordfjell Skogeierlag SA", "SAWLOG_PINE", ext * 0.25 * 0.435, 2, dates)


def _smelter_need(sim: Simulation) -> float:
    """Planned silicon per month (t), from the chips the big sawmill sends."""
    return BIG_SAWMILL_M3 / 12 * 0.39 * SAW_YIELD["CHIPS"] * 0.5 * SI_PER_CHIPS


def _port_inbound(sim: Simulation, y: int, m: int, dates: list[date]) -> None:
    port, smelter = _site(sim, "fjordkaia"), _site(sim, "thamsora-silisium")
    si = _smelter_need(sim)
    for material, vendor in (("QUARTZ", "Nordkvarts AS"), ("COAL", "Østersjø Kull AB")):
        need = SMELT[material] * si
        if sim.ledger.level(port.id, material) < 1.5 * need:
            sim.receive_external(port, vendor, material, need * sim.rng.uniform(2.5, 3.2), 1, dates)
        want = max(0.0, 1.3 * need - sim.ledger.level(smelter.id, material))
        want = min(want, sim.ledger.level(port.id, material))
        sim.dispatch(port, smelter.id, material, want, max(1, round(want / 400)), "truck", dates)


def _sawmill(sim: Simulation, key: str, annual_m3: float, m: int, dates: list[date]) -> None:
    co = sim.co[key]
    site = co.sites[0]
    rng = sim.rng
    logs = ("SAWLOG_SPRUCE", "SAWLOG_PINE")
    avail = sum(sim.ledger.level(site.id, x) for x in logs)
    plan = annual_m3 / 12 * SAWING[m] * 0.40
    target = 0.5 * plan + 0.5 * sim.received.get(site.id, 0.0)
    consume = min(avail * 0.95, target * rng.uniform(0.97, 1.03))
    run_days = dates if m != 7 else dates[: max(1, len(dates) // 3)]
    yy = f"{run_days[0].year % 100:02d}"
    for day, qty in zip(run_days, sim.split(consume, len(run_days)), strict=True):
        levels = [sim.ledger.level(site.id, x) for x in logs]
        total = sum(levels) or 1.0
        bid, used = sim.batch(site, day, [(x, qty * lv / total) for x, lv in zip(logs, levels, strict=True)], [])
        wood = sum(q for _, q in used)
        stamp = f"{yy}{day.month:02d}{day.day:02d}"
        outputs = [(mat, wood * y_ * rng.uniform(0.99, 1.01), f"{co.short}-{code}{stamp}")
                   for (mat, y_), code in zip(SAW_YIELD.items(), ("S", "F", "SF", "B"), strict=True)]
        sim.batch(site, day, [], outputs, batch_id=bid)
    planer, pellets, board = _site(sim, "fjordhovleriet"), _site(sim, "fannrem-pellets"), _site(sim, "midtfjord-spon")
    smelter, dh, port = _site(sim, "thamsora-silisium"), _site(sim, "orkfjord-fjernvarme"), _site(sim, "fjordkaia")
    nd = len(dates)
    sawn = sim.surplus(site, "SAWN_TIMBER", 0.15)
    chips = sim.surplus(site, "CHIPS", 0.05)
    dust = sim.surplus(site, "SAWDUST", 0.05)
    bark = sim.surplus(site, "BARK", 0.05)
    if key == "svartelva-sag":
        sim.dispatch(site, planer.id, "SAWN_TIMBER", sawn * 0.3, 8, "truck", dates)
        sim.dispatch(site, port.id, "SAWN_TIMBER", sawn * 0.4, 6, "truck", dates)
        sim.dispatch(site, "Trebyggern Handel AS", "SAWN_TIMBER", sawn * 0.3, 8, "truck", dates)
        sim.dispatch(site, board.id, "CHIPS", chips * 0.5, nd, "truck", dates)
        sim.dispatch(site, smelter.id, "CHIPS", chips * 0.5, nd, "truck", dates)
        sim.dispatch(site, pellets.id, "SAWDUST", dust, nd // 2, "truck", dates)
        sim.dispatch(site, dh.id, "BARK", bark * 0.3, 8, "truck", dates)
        sim.treat(site, "BARK", bark * 0.7, "Fjellvik Avfallsdeponi AS", "D1", 4, dates)
    else:
        sim.dispatch(site, planer.id, "SAWN_TIMBER", sawn * 0.5, 6, "truck", dates)
        sim.dispatch(site, "Trebyggern Handel AS", "SAWN_TIMBER", sawn * 0.5, 6, "truck", dates)
        sim.dispatch(site, board.id, "CHIPS", chips, 10, "truck", dates)
        sim.dispatch(site, pellets.id, "SAWDUST", dust * 0.6, 6, "truck", dates)
        sim.dispatch(site, board.id, "SAWDUST", dust * 0.4, 3, "truck", dates)
        sim.dispatch(site, dh.id, "BARK", bark, 6, "truck", dates)


def _weekly(dates: list[date]) -> list[date]:
    """The last workday of each week in the month: when weekly batches are booked."""
    out: dict[int, date] = {}
    for d in dates:
        out[d.isocalendar()[1]] = d
    return list(out.values())


def _transform(sim: Simulation, site: Site, inputs: tuple[str, ...], yields: dict[str, float], days: list[date],
               buffer: float, codes: tuple[str, ...], stamp_time: bool = False) -> None:
    """Consume what arrived (keeping a buffer) in batches on `days`, producing outputs by yield."""
    co = sim.company_of[site.id]
    rng = sim.rng
    avail = {x: sim.ledger.level(site.id, x) for x in inputs}
    consume = {x: max(0.0, a - buffer * sim.received.get(site.id, 0.0) * a / (sum(avail.values()) or 1))
               for x, a in avail.items()}
    for day in days:
        when: date | datetime = day
        if stamp_time:
            when = datetime(day.year, day.month, day.day, rng.choice((6, 14, 22)), rng.choice((0, 15, 30, 45)))
        bid, used = sim.batch(site, when, [(x, q / len(days)) for x, q in consume.items()], [])
        wood = sum(q for _, q in used)
        if wood <= 0:
            continue
        stamp = f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"
        outs = [(mat, wood * y_ * rng.uniform(0.99, 1.01), f"{co.short}-{code}{stamp}")
                for (mat, y_), code in zip(yields.items(), codes, strict=True)]
        sim.batch(site, when, [], outs, batch_id=bid)


def _planing(sim: Simulation, dates: list[date]) -> None:
    site = _site(sim, "fjordhovleriet")
    _transform(sim, site, ("SAWN_TIMBER",), PLANE_YIELD, _weekly(dates), 0.15, ("H", "K", "KB"))
    sim.dispatch(site, _site(sim, "fjordkaia").id, "PLANED_TIMBER", sim.surplus(site, "PLANED_TIMBER", 0.1) * 0.6,
                 4, "truck", dates)
    sim.dispatch(site, "Trebyggern Handel AS", "PLANED_TIMBER", sim.surplus(site, "PLANED_TIMBER", 0.1), 6,
                 "truck", dates)
    sim.dispatch(site, _site(sim, "fannrem-pellets").id, "SHAVINGS", sim.surplus(site, "SHAVINGS", 0.05), 4,
                 "truck", dates)
    sim.dispatch(site, _site(sim, "orkfjord-fjernvarme").id, "TRIM_ENDS", sim.surplus(site, "TRIM_ENDS", 0.1), 2,
                 "truck", dates)


def _recycler(sim: Simulation, dates: list[date]) -> None:
    site = _site(sim, "ringvold-gjenvinning")
    dry = WASTE_WOOD_T / 12 * 0.8 * sim.rng.uniform(0.85, 1.15)
    sim.receive_external(site, "Fjordbygd Renovasjon IKS", "WASTE_WOOD", dry * 0.6, 18, dates)
    sim.receive_external(site, "Heimdal Byggavfall AS", "WASTE_WOOD", dry * 0.4, 12, dates)
    _transform(sim, site, ("WASTE_WOOD",), RECYCLE_YIELD, _weekly(dates), 0.1, ("RT", "REJ"))
    for d in _weekly(dates):
        lot = f"{sim.company_of[site.id].short}-REJ{d.year % 100:02d}{d.month:02d}{d.day:02d}"
        sim.treat(site, "WASTE_WOOD", 1e9, "Midtnorsk Energigjenvinning AS", "R13", 1, [d], lot=lot)
    rec = sim.surplus(site, "RECYCLED_WOOD", 0.1)
    sim.dispatch(site, _site(sim, "midtfjord-spon").id, "RECYCLED_WOOD", rec * 0.55, 6, "truck", dates)
    sim.dispatch(site, _site(sim, "orkfjord-fjernvarme").id, "RECYCLED_WOOD", rec * 0.45, 6, "truck", dates)


def _pellets(sim: Simulation, dates: list[date]) -> None:
    site = _site(sim, "fannrem-pellets")
    _transform(sim, site, ("SAWDUST", "SHAVINGS"), PELLET_YIELD, dates, 0.1, ("P", "FS"))
    pel = sim.surplus(site, "PELLETS", 0.2)
    sim.dispatch(site, _site(sim, "fjordkaia").id, "PELLETS", pel * 0.7, 8, "truck", dates)
    sim.dispatch(site, "Trebyggern Handel AS", "PELLETS", pel * 0.3, 6, "truck", dates)
    sim.dispatch(site, _site(sim, "orkfjord-fjernvarme").id, "PELLET_FINES", sim.surplus(site, "PELLET_FINES", 0.1),
                 1, "truck", dates)


def _board(sim: Simulation, dates: list[date]) -> None:
    site = _site(sim, "midtfjord-spon")
    _transform(sim, site, ("CHIPS", "SAWDUST", "RECYCLED_WOOD"), BOARD_YIELD, dates, 0.1, ("SP", "SL"),
               stamp_time=True)
    board = sim.surplus(site, "PARTICLEBOARD", 0.15)
    sim.dispatch(site, "Trebyggern Handel AS", "PARTICLEBOARD", board * 0.7, 20, "truck", dates)
    sim.dispatch(site, _site(sim, "fjordkaia").id, "PARTICLEBOARD", board * 0.3, 6, "truck", dates)
    sim.treat(site, "SANDING_DUST", sim.ledger.level(site.id, "SANDING_DUST"), site.id, "R1", 4, dates)


def _smelter(sim: Simulation, y: int, m: int, dates: list[date]) -> None:
    site = _site(sim, "thamsora-silisium")
    co = sim.company_of[site.id]
    rng = sim.rng
    chips = max(0.0, sim.ledger.level(site.id, "CHIPS") - 0.1 * sim.received.get(site.id, 0.0))
    si = chips * SI_PER_CHIPS
    for mineral in ("QUARTZ", "COAL"):
        si = min(si, sim.ledger.level(site.id, mineral) / SMELT[mineral])
    weeks = _weekly(dates)
    for day in weeks:
        s = si / len(weeks)
        stamp = f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"
        bid = sim.nid(co, "PO")
        sim.batch(site, day, [("CHIPS", s / SI_PER_CHIPS), ("QUARTZ", s * SMELT["QUARTZ"]),
                              ("COAL", s * SMELT["COAL"])],
                  [("SILICON", s, f"{co.short}-SI{stamp}"),
                   ("MICROSILICA", s * SMELT["MICROSILICA"] * rng.uniform(0.95, 1.05), f"{co.short}-MS{stamp}"),
                   ("SLAG", s * SMELT["SLAG"] * rng.uniform(0.9, 1.1), f"{co.short}-SG{stamp}")], batch_id=bid)
    port = _site(sim, "fjordkaia")
    sim.dispatch(site, port.id, "SILICON", sim.surplus(site, "SILICON", 0.1), 4, "truck", dates)
    sim.dispatch(site, port.id, "MICROSILICA", sim.surplus(site, "MICROSILICA", 0.1), 4, "truck", dates)
    slag = sim.ledger.level(site.id, "SLAG")
    sim.treat(site, "SLAG", slag * 0.5, "Fjellvik Avfallsdeponi AS", "D1", 1, dates)
    sim.treat(site, "SLAG", slag * 0.5, "Kystbetong AS", "R5", 1, dates)
    first, last = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    recoverable = si * HEAT_PER_SI_MWH * rng.uniform(0.95, 1.05)
    demand = HEAT_DEMAND_MWH / 12 * HEAT[m]
    delivered = min(recoverable * 0.95, demand * 0.6 * rng.uniform(0.95, 1.05))
    sim.surplus_delivered = delivered
    dh = _site(sim, "orkfjord-fjernvarme")
    sim.truth.energy.append((site.id, None, "recoverable", "SURPLUS_HEAT", recoverable, first, last))
    sim.truth.energy.append((site.id, dh.id, "delivered", "SURPLUS_HEAT", delivered, first, last))


def _district_heating(sim: Simulation, y: int, m: int, dates: list[date]) -> None:
    site = _site(sim, "orkfjord-fjernvarme")
    rng = sim.rng
    demand = HEAT_DEMAND_MWH / 12 * HEAT[m] * rng.uniform(0.95, 1.05)
    fuel_mwh = max(0.0, demand - sim.surplus_delivered) / BOILER_EFFICIENCY
    dry_per_mwh = per_canonical("FOREST_CHIPS", "MWh", None)
    need = fuel_mwh * dry_per_mwh
    have = sum(sim.ledger.level(site.id, f) for f in FUELS)
    buy = max(need * 1.15 - have, need * 0.2 if m in (11, 12, 1, 2, 3) else 0.0)
    if buy > 0:
        sim.receive_external(site, "Varmeflis Midt AS", "FOREST_CHIPS", buy, max(1, math.ceil(buy / 20)), dates)
    co = sim.company_of[site.id]
    parties = ((co, "production"),)
    ws = {f: sim.moisture(f, parties) for f in FUELS}
    mwh_per_dry = {f: 1 / per_canonical(f, "MWh", ws[f]) for f in FUELS}
    levels = {f: sim.ledger.level(site.id, f) for f in FUELS}
    possible = sum(levels[f] * mwh_per_dry[f] for f in FUELS) or 1.0
    frac = min(0.97, fuel_mwh / possible)
    burn = {f: levels[f] * frac for f in FUELS}
    heat = sim.surplus_delivered + BOILER_EFFICIENCY * sum(burn[f] * mwh_per_dry[f] for f in FUELS)
    ash = ASH_SHARE * sum(burn.values())
    last = date(y, m, calendar.monthrange(y, m)[1])
    prod_before = len(sim.truth.production)
    sim.batch(site, last, [("SURPLUS_HEAT", sim.surplus_delivered), *burn.items()],
              [("DISTRICT_HEAT", heat, None), ("WOOD_ASH", ash, f"{co.short}-ASKE{y % 100:02d}{m:02d}")],
              batch_id=f"{y}-{m:02d}", aggregate=True)
    # the fuel rows report the moisture the heat was computed with
    prod = sim.truth.production
    for i in range(prod_before, len(prod)):
        r = prod[i]
        if r[5] in ws:
            prod[i] = (*r[:7], ws[r[5]])
    sim.truth.energy.append((site.id, None, "produced", "DISTRICT_HEAT", heat, date(y, m, 1), last))
    ash_now = sim.ledger.level(site.id, "WOOD_ASH")
    sim.treat(site, "WOOD_ASH", ash_now * 0.6, "Fjellvik Avfallsdeponi AS", "D1", 1, [last])
    sim.treat(site, "WOOD_ASH", ash_now * 0.4, "Grønnjord Kompost AS", "R5", 1, [last])


def _port_outbound(sim: Simulation, dates: list[date]) -> None:
    port = _site(sim, "fjordkaia")
    co = sim.company_of[port.id]
    for material, minimum in VESSEL_MIN.items():
        level = sim.ledger.level(port.id, material)
        if level >= minimum:
            bl = sim.nid(co, "BL", 5)
            sim.dispatch(port, VESSEL_BUYER[material], material, level * sim.rng.uniform(0.85, 0.98), 1, "ship",
                         dates[-5:], doc=bl)
