"""The harvesting contractor's StanForD 2010 harvester files (.hpr): objects, sub-objects, stems and logs.

The simulation decides per harvest object (one per harvest lot and month) its sub-objects (harvest
areas) and their volume per product in m³ solid under bark, rounded to 3 decimals; the lot of each
sub-object and product is `H<object>-<sub-object>-<product key>`, as the ingestion names it. This
module writes those objects as XML in the shape of a real harvester file: every stem with WGS84
coordinates scattered in its stand (an ellipse of a few to ~15 ha a few km from the landing) and
logs whose m³sub add up exactly (in thousandths) to the sub-object's volume per product.

Each stand carries a few dozen stems, not the thousands a harvester really fells there: a stem
element here stands for many trees (its log volumes are that large), which keeps the demo small
while the plot outlines, the products and the totals stay what the ingestion must reproduce.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from pipelines.demo.reference import canonical_basis, per_canonical
from pipelines.demo.spec import Site

#: material -> (product key, product name as the harvester's price list calls it)
PRODUCTS: dict[str, tuple[str, str]] = {
    "SAWLOG_SPRUCE": ("1", "Sagtømmer gran"),
    "SAWLOG_PINE": ("2", "Sagtømmer furu"),
    "PULPWOOD": ("3", "Massevirke"),
    "ENERGYWOOD": ("4", "Energivirke"),
}
SPECIES = (("1", "Gran"), ("2", "Furu"))
#: the columns of the table `hpr_table` makes, as the company mapping names them
COLUMNS = (("SubObject", "batch_id"), ("Date", "event_date"), ("Direction", "direction"), ("Lot", "lot_id"),
           ("Product", "material"), ("Volume m3sub", "quantity"), ("Unit", "unit"))
#: m³sub of harvest per stem element written (see the module doc), and the bounds on stems per stand
M3_PER_STEM = 300.0
STEMS = (8, 24)
#: stems along a stand's edge, so the hull of the stems covers most of the stand
EDGE = 6
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LON_EQ = 111_320.0


def hpr_lot(object_key: str, sub_key: str, material: str) -> str:
    return f"H{object_key}-{sub_key}-{PRODUCTS[material][0]}"


@dataclass(frozen=True)
class HarvestArea:
    """A sub-object: its key, name, m³sub per material (3 decimals) and pine share of the stems."""

    key: str
    name: str
    m3: tuple[tuple[str, float], ...]
    pine: float


@dataclass(frozen=True)
class HarvestObject:
    site: str
    key: str
    name: str
    start: date
    end: date
    areas: tuple[HarvestArea, ...]
    #: seeds the stand geometry and the stems (drawn by the simulation, so the run stays seeded)
    seed: int


def split_thousandths(rng: random.Random, total: int, n: int) -> list[int]:
    """`total` thousandths in `n` positive integer parts (n <= total) that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    s = sum(weights)
    parts = [max(1, int(total * w / s)) for w in weights]
    parts[-1] += total - sum(parts)
    while parts[-1] < 1:  # a rounding overshoot: take it back from the largest part
        i = max(range(n - 1), key=parts.__getitem__)
        parts[i] -= 1
        parts[-1] += 1
    return parts


def _stand(rng: random.Random, lat0: float, lon0: float, area_ha: float, n: int) -> list[tuple[float, float]]:
    """`n` stem positions (lat, lon) in a rotated ellipse of `area_ha` around (lat0, lon0): the first
    `EDGE` along its edge (the machine works the stand to its border), the others uniformly inside."""
    aspect = rng.uniform(1.0, 2.2)
    b = math.sqrt(area_ha * 10_000 / math.pi / aspect)
    a = b * aspect
    rot = rng.uniform(0, math.pi)
    m_per_deg_lon = _M_PER_DEG_LON_EQ * math.cos(math.radians(lat0))
    out = []
    for k in range(n):
        if k < EDGE:
            r, t = rng.uniform(0.93, 1.0), 2 * math.pi * (k + rng.uniform(-0.2, 0.2)) / EDGE
        else:
            r, t = math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        x, y = a * r * math.cos(t), b * r * math.sin(t)
        east, north = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        out.append((lat0 + north / _M_PER_DEG_LAT, lon0 + east / m_per_deg_lon))
    return out


def _offset(lat: float, lon: float, metres: float, bearing: float) -> tuple[float, float]:
    return (lat + metres * math.cos(bearing) / _M_PER_DEG_LAT,
            lon + metres * math.sin(bearing) / (_M_PER_DEG_LON_EQ * math.cos(math.radians(lat))))


def _stems(obj: HarvestObject, landing: Site, stem_key: int) -> tuple[list[str], int]:
    """The <Stem> elements of one object, its stems numbered from `stem_key`."""
    rng = random.Random(obj.seed)
    lat_o, lon_o = _offset(landing.lat, landing.lon, rng.uniform(2_500, 11_000), rng.uniform(0, 2 * math.pi))
    lines = []
    for area in obj.areas:
        m3 = {mat: round(v * 1000) for mat, v in area.m3 if round(v * 1000) > 0}
        total = sum(m3.values()) / 1000
        lat_c, lon_c = _offset(lat_o, lon_o, rng.uniform(150, 900), rng.uniform(0, 2 * math.pi))
        ha = min(17.0, max(2.5, total / rng.uniform(190, 320)))
        n = min(STEMS[1], max(STEMS[0], round(total / M3_PER_STEM)))
        species = ["1", "2"] + ["2" if rng.random() < area.pine else "1" for _ in range(n - 2)]
        logs: list[list[tuple[str, int]]] = [[] for _ in range(n)]
        for material, thousandths in m3.items():
            if material == "SAWLOG_SPRUCE":
                carriers = [i for i in range(n) if species[i] == "1"]
            elif material == "SAWLOG_PINE":
                carriers = [i for i in range(n) if species[i] == "2"]
            else:
                carriers = sorted(rng.sample(range(n), max(1, round(n * rng.uniform(0.5, 0.9)))))
            per_log = [i for i in carriers for _ in range(rng.randint(1, 2) if material.startswith("SAW") else 1)]
            per_log = per_log[:thousandths]
            for i, part in zip(per_log, split_thousandths(rng, thousandths, len(per_log)), strict=True):
                logs[i].append((PRODUCTS[material][0], part))
        for i, (lat, lon) in enumerate(_stand(rng, lat_c, lon_c, ha, n)):
            body = []
            for k, (product, part) in enumerate(logs[i], 1):
                sob = part * rng.uniform(1.09, 1.14) / 1000
                body.append(f"<Log><LogKey>{k}</LogKey><ProductKey>{product}</ProductKey>"
                            f'<LogVolume logVolumeCategory="m3sob">{sob:.3f}</LogVolume>'
                            f'<LogVolume logVolumeCategory="m3sub">{part / 1000:.3f}</LogVolume></Log>')
            alt = round(140 + 90 * rng.random())
            lines.append(
                f"<Stem><StemKey>{stem_key}</StemKey><ObjectKey>{obj.key}</ObjectKey>"
                f"<SubObjectKey>{area.key}</SubObjectKey><SpeciesGroupKey>{species[i]}</SpeciesGroupKey>"
                '<StemCoordinates coordinateReferenceSystem="WGS84">'
                f'<Latitude latitudeCategory="North">{lat:.6f}</Latitude>'
                f'<Longitude longitudeCategory="East">{lon:.6f}</Longitude><Altitude>{alt}</Altitude>'
                f"</StemCoordinates><SingleTreeProcessedStem>{''.join(body)}</SingleTreeProcessedStem></Stem>")
            stem_key += 1
    return lines, stem_key


def stamp(d: date, hour: int) -> str:
    """A local timestamp as the machines write it (CET, CEST from April to October)."""
    return f"{d.isoformat()}T{hour:02d}:00:00+0{1 if not 3 < d.month < 11 else 2}:00"


def write_hpr(path: Path, objects: list[HarvestObject], landing: Site, company_name: str
              ) -> tuple[int, dict[str, float], dict[str, float]]:
    """Write one harvester file; returns its production rows and canonical totals (as the ingestion
    will compute them from the file: per object/sub-object/product the m³sub sum x basic density)."""
    objects = sorted(objects, key=lambda o: (o.end, o.key))
    created = max(o.end for o in objects) + timedelta(days=1)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<HarvestedProduction xmlns="urn:skogforsk:stanford2010" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" messageType="hpr" '
           'versionDate="2014-02-06" areaUnit="ha" volumeUnit="m3" lengthUnit="cm" diameterUnit="mm" '
           'weightUnit="kg">',
           "\t<HarvestedProductionHeader>",
           "\t\t<SenderApplication>sidestream demo harvester</SenderApplication>",
           f"\t\t<CreationDate>{stamp(created, 6)}</CreationDate>",
           "\t\t<CountryCode>578</CountryCode>",
           "\t</HarvestedProductionHeader>",
           '\t<Machine machineCategory="Harvester">',
           f"\t\t<MachineKey>{escape(landing.id)}-H1</MachineKey>",
           f"\t\t<MachineOwner><BusinessID>{escape(company_name)}</BusinessID></MachineOwner>"]
    for key, name in SPECIES:
        out.append(f"\t\t<SpeciesGroupDefinition><SpeciesGroupKey>{key}</SpeciesGroupKey>"
                   f"<SpeciesGroupName>{name}</SpeciesGroupName></SpeciesGroupDefinition>")
    for key, name in PRODUCTS.values():
        out.append(f"\t\t<ProductDefinition><ProductKey>{key}</ProductKey><ClassifiedProductDefinition>"
                   f"<ProductName>{escape(name)}</ProductName></ClassifiedProductDefinition></ProductDefinition>")
    for o in objects:
        subs = "".join(f"<SubObject><SubObjectName>{escape(a.name)}</SubObjectName>"
                       f"<SubObjectKey>{a.key}</SubObjectKey></SubObject>" for a in o.areas)
        out.append(f"\t\t<ObjectDefinition><ObjectName>{escape(o.name)}</ObjectName><ObjectKey>{o.key}</ObjectKey>"
                   f"<StartDate>{stamp(o.start, 7)}</StartDate><EndDate>{stamp(o.end, 15)}</EndDate>"
                   f"{subs}</ObjectDefinition>")
    stem_key = 1
    rows = 0
    totals: dict[str, float] = {}
    by_material: dict[str, float] = {}
    for o in objects:
        lines, stem_key = _stems(o, landing, stem_key)
        out.extend(lines)
        for area in o.areas:
            for material, v in area.m3:
                thousandths = round(v * 1000)
                if thousandths <= 0:
                    continue
                canonical = float(f"{thousandths / 1000:.3f}") * per_canonical(material, "m3fub", None)
                basis = canonical_basis(material)
                totals[basis] = totals.get(basis, 0.0) + canonical
                by_material[material] = by_material.get(material, 0.0) + canonical
                rows += 1
    out += ["\t</Machine>", "</HarvestedProduction>", ""]
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")
    return rows, totals, by_material
