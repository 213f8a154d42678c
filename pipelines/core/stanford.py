"""StanForD 2010 harvester (.hpr) and forwarder (.fpr) files, read streaming.

Nordic forest machines write these XML files (namespace urn:skogforsk:stanford2010, versions 3.x).
Units are declared on the root element and honoured here. Elements are handled as they close and
then cleared, so a file of tens of MB is read in bounded memory; only aggregates or small
records are kept:

- .hpr: per harvest object / sub-object and product the number of logs and their volumes (m³sob,
  m³sub), stems per species, and every stem's WGS84 coordinates (for the plot);
- .fpr: every partial load as it closes (`iter_partial_loads`), resolved against the definitions
  read before it, with a mass: weighed when the file says so, else derived from the delivery's
  configured density (flagged).

`hpr_table` and `fpr_table` turn a file into rows like any other export, so the company mapping,
value maps, checks and quarantine apply unchanged.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

NS = "urn:skogforsk:stanford2010"
_LENGTH_TO_CM = {"mm": 0.1, "cm": 1.0, "dm": 10.0, "m": 100.0}
_WEIGHT_TO_KG = {"kg": 1.0, "t": 1000.0}
_BATCH_ROWS = 10_000
#: the columns of the table an .hpr becomes (map them in the company's mapping)
HPR_COLUMNS = ["Object", "SubObject", "Date", "Direction", "Lot", "Product", "Volume m3sub", "Unit", "Species"]
#: the columns of the table an .fpr becomes: one row per partial load
FPR_COLUMNS = ["Load", "PartialLoad", "Date", "Object", "ObjectName", "Location", "Delivery", "Product",
               "Volume m3sub", "Unit", "Mass t", "Mass source"]


class StanfordError(Exception):
    """A file that is not usable StanForD 2010; the message says what and where."""


@dataclass
class ProductTotal:
    name: str
    logs: int = 0
    m3sob: float = 0.0
    m3sub: float = 0.0


@dataclass
class SubObject:
    object_key: str
    key: str
    name: str | None
    end_date: dt.date | None
    products: dict[str, ProductTotal] = field(default_factory=dict)
    stems_by_species: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    coordinates: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)


@dataclass
class Harvest:
    version: str
    units: dict[str, str]
    species: dict[str, str]
    products: dict[str, str]
    subobjects: dict[tuple[str, str], SubObject]

    @property
    def stems(self) -> int:
        return sum(sum(s.stems_by_species.values()) for s in self.subobjects.values())

    @property
    def logs(self) -> int:
        return sum(p.logs for s in self.subobjects.values() for p in s.products.values())


@dataclass(frozen=True)
class Delivery:
    """A forwarder delivery (a product for one destination) with its configured on-bark density."""

    key: str
    name: str | None
    product: str | None
    density_kg_m3: float | None


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _text(element: ET.Element, path: str) -> str | None:
    found = element.find("/".join(_tag(p) for p in path.split("/")))
    return found.text.strip() if found is not None and found.text else None


def _root(path: Path, expected: str) -> tuple[ET.Element, dict[str, str], str]:
    """Check the root element: namespace, message type, version 3.x and the declared units."""
    try:
        events = ET.iterparse(path, events=("start",))
        _, root = next(events)
    except ET.ParseError as exc:
        raise StanfordError(f"not well-formed XML: {exc}") from None
    except StopIteration:
        raise StanfordError("the file is empty") from None
    if not root.tag.startswith("{"):
        raise StanfordError(f"root element <{root.tag}> has no namespace; expected {NS}")
    namespace, local = root.tag[1:].split("}")
    if namespace != NS:
        raise StanfordError(f"root element is in namespace {namespace!r}; expected {NS!r} (StanForD 2010)")
    if local != expected:
        raise StanfordError(f"root element is <{local}>; expected <{expected}>")
    version = root.get("version", "")
    if not version.startswith("3."):
        raise StanfordError(f"version {version or '(none)'} is not supported; StanForD 2010 versions 3.x are")
    units = {k: root.get(k) for k in ("volumeUnit", "lengthUnit", "weightUnit")}
    missing = [k for k, v in units.items() if not v]
    if missing:
        raise StanfordError(f"the root element does not declare {', '.join(missing)}; units cannot be assumed")
    if units["volumeUnit"] != "m3":
        raise StanfordError(f"volumeUnit {units['volumeUnit']!r} is not supported (m3)")
    if units["lengthUnit"] not in _LENGTH_TO_CM:
        raise StanfordError(f"lengthUnit {units['lengthUnit']!r} is not one of {', '.join(_LENGTH_TO_CM)}")
    if units["weightUnit"] not in _WEIGHT_TO_KG:
        raise StanfordError(f"weightUnit {units['weightUnit']!r} is not one of {', '.join(_WEIGHT_TO_KG)}")
    return root, units, version


def read_hpr(path: Path) -> Harvest:
    """Aggregate a harvester file: logs and volumes per sub-object and product, stems and coordinates.

    Ingestion needs the same harvest twice (its rows, then its plots), so the last file read is kept
    and read again only when its size or modification time changes."""
    stat = path.stat()
    return _read_hpr_once(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _read_hpr_once(path: Path, mtime_ns: int, size: int) -> Harvest:
    _, units, version = _root(path, "HarvestedProduction")
    species: dict[str, str] = {}
    products: dict[str, str] = {}
    subobjects: dict[tuple[str, str], SubObject] = {}
    names: dict[tuple[str, str], tuple[str | None, dt.date | None]] = {}
    try:
        for _, el in ET.iterparse(path, events=("end",)):
            if el.tag == _tag("SpeciesGroupDefinition"):
                species[_text(el, "SpeciesGroupKey") or ""] = _text(el, "SpeciesGroupName") or ""
                el.clear()
            elif el.tag == _tag("ProductDefinition"):
                products[_text(el, "ProductKey") or ""] = _text(el, "ClassifiedProductDefinition/ProductName") or ""
                el.clear()
            elif el.tag == _tag("ObjectDefinition"):
                end = _text(el, "EndDate")
                for sub in el.iter(_tag("SubObject")):
                    names[(_text(el, "ObjectKey") or "", _text(sub, "SubObjectKey") or "")] = (
                        _text(sub, "SubObjectName"), dt.date.fromisoformat(end[:10]) if end else None)
                el.clear()
            elif el.tag == _tag("Stem"):
                key = (_text(el, "ObjectKey") or "", _text(el, "SubObjectKey") or "")
                sub = subobjects.get(key)
                if sub is None:
                    name, end = names.get(key, (None, None))
                    sub = subobjects[key] = SubObject(key[0], key[1], name, end)
                sub.stems_by_species[species.get(_text(el, "SpeciesGroupKey") or "", "?")] += 1
                lat, lon = _text(el, "StemCoordinates/Latitude"), _text(el, "StemCoordinates/Longitude")
                if lat and lon:
                    sub.coordinates.append((float(lon), float(lat)))
                for log in el.iter(_tag("Log")):
                    product = _text(log, "ProductKey") or ""
                    total = sub.products.setdefault(product, ProductTotal(products.get(product, f"product {product}")))
                    volumes = {v.get("logVolumeCategory"): float(v.text) for v in log.findall(_tag("LogVolume"))}
                    total.logs += 1
                    total.m3sob += volumes.get("m3sob", 0.0)
                    total.m3sub += volumes.get("m3sub", 0.0)
                el.clear()
    except ET.ParseError as exc:
        raise StanfordError(f"not well-formed XML (truncated?): {exc}") from None
    return Harvest(version, units, species, products, subobjects)


@dataclass(frozen=True)
class PartialLoad:
    """One partial load: what one load carried of one delivery from one location (harvest object)."""

    load_key: str
    partial_load_key: str
    unloaded: str | None  # UnloadingTime as written (local time with offset)
    delivery_key: str
    location_key: str | None
    m3sob: float | None
    m3sub: float | None
    m3sub_text: str | None  # the m³sub as written, for the table
    weighed_kg: float | None


@dataclass
class ForwarderDefinitions:
    """What a forwarder file defines before its loads: units, products, deliveries, locations, objects.

    Filled while the file streams, so a load is resolved against the definitions read before it."""

    version: str = ""
    units: dict[str, str] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)
    deliveries: dict[str, Delivery] = field(default_factory=dict)
    #: location key -> (location name, object key)
    locations: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: object key -> object name (ObjectName, else ObjectUserID)
    objects: dict[str, str | None] = field(default_factory=dict)


def iter_partial_loads(path: Path, defs: ForwarderDefinitions) -> Iterator[PartialLoad]:
    """Stream a forwarder file's partial loads, filling `defs` with its definitions as they close."""
    _, defs.units, defs.version = _root(path, "ForwardedProduction")
    weight_to_kg = _WEIGHT_TO_KG[defs.units["weightUnit"]]
    try:
        for _, el in ET.iterparse(path, events=("end",)):
            if el.tag == _tag("ProductDefinition"):
                defs.products[_text(el, "ProductKey") or ""] = (
                    _text(el, "ClassifiedProductDefinition/ProductName") or "")
                el.clear()
            elif el.tag == _tag("ObjectDefinition"):
                defs.objects[_text(el, "ObjectKey") or ""] = _text(el, "ObjectName") or _text(el, "ObjectUserID")
                el.clear()
            elif el.tag == _tag("LocationDefinition"):
                defs.locations[_text(el, "LocationKey") or ""] = (_text(el, "LocationName"), _text(el, "ObjectKey"))
                el.clear()
            elif el.tag == _tag("DeliveryDefinition"):
                density = next((float(d.text) for d in el.findall(_tag("Density"))
                                if d.get("densityCategory") == "On bark" and d.text), None)
                key = _text(el, "DeliveryKey") or ""
                defs.deliveries[key] = Delivery(key, _text(el, "DeliveryName"), _text(el, "ProductKey"), density)
                el.clear()
            elif el.tag == _tag("Load"):
                load, unloaded = _text(el, "LoadKey") or "", _text(el, "UnloadingTime")
                for part in el.iter(_tag("PartialLoad")):
                    key = _text(part, "PartialLoadKey") or ""
                    where = f"load {load}, partial load {key}"
                    volumes = {v.get("loadVolumeCategory", ""): (v.text or "").strip()
                               for v in part.findall(_tag("LoadVolume"))}
                    sob = next((t for c, t in volumes.items() if c.endswith("m3sob")), None)
                    sub = next((t for c, t in volumes.items() if c.endswith("m3sub")), None)
                    weights = [_number(w.text, where) * weight_to_kg for w in part.findall(_tag("LoadWeight"))
                               if w.text]
                    yield PartialLoad(load, key, unloaded, _text(part, "DeliveryKey") or "",
                                      _text(part, "LocationKey"), _number(sob, where) if sob else None,
                                      _number(sub, where) if sub else None, sub or None,
                                      sum(weights) if weights else None)
                el.clear()
    except ET.ParseError as exc:
        raise StanfordError(f"not well-formed XML (truncated?): {exc}") from None


def _number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise StanfordError(f"{where}: a volume or weight is not a number: {text!r} (StanForD writes '.' "
                            "decimals)") from None


def fpr_table(path: Path) -> pa.Table:
    """A forwarder file as rows: one per partial load, with its harvest object (via its location), the
    delivery's product, m³ solid under bark as written (m3fub) and a mass: weighed when the machine
    weighed the partial load, else derived from the delivery's on-bark density x m³sob, else none."""
    defs = ForwarderDefinitions()
    rows: list[list[str | None]] = []
    batches: list[pa.Table] = []  # rows go to Arrow every _BATCH_ROWS, so Python holds few at a time
    for part in iter_partial_loads(path, defs):
        if len(rows) == _BATCH_ROWS:
            batches.append(_string_table(FPR_COLUMNS, rows))
            rows = []
        # a location no definition names leaves the partial load without a harvest object: it is quarantined
        # (object_key is required), with the key it named kept in its location column for the steward
        location, object_key = defs.locations.get(part.location_key or "",
                                                  (f"LocationKey {part.location_key} is not defined in the file",
                                                   None))
        delivery = defs.deliveries.get(part.delivery_key)
        product = delivery.product if delivery else None
        if part.weighed_kg is not None:
            mass, source = part.weighed_kg / 1000, "weighed"
        elif delivery and delivery.density_kg_m3 and part.m3sob is not None:
            mass, source = part.m3sob * delivery.density_kg_m3 / 1000, "derived"
        else:
            mass, source = None, None
        rows.append([part.load_key, part.partial_load_key, part.unloaded[:10] if part.unloaded else None,
                     object_key, defs.objects.get(object_key or ""), location,
                     delivery.name if delivery else None,
                     defs.products.get(product, f"product {product}") if product else None,
                     part.m3sub_text, "m3fub", f"{mass:.6f}".rstrip("0").rstrip(".") if mass is not None else None,
                     source])
    return pa.concat_tables([*batches, _string_table(FPR_COLUMNS, rows)])


def hpr_table(path: Path) -> pa.Table:
    """A harvest as production output rows: one per sub-object and product, lot = H<object>-<sub>-<product>,
    quantity in m³ solid under bark (m3fub), dated at the object's end date."""
    harvest = read_hpr(path)
    rows: list[list[str | None]] = []
    for (obj, sub), s in sorted(harvest.subobjects.items()):
        main_species = max(s.stems_by_species, key=s.stems_by_species.get) if s.stems_by_species else None
        for product, total in sorted(s.products.items()):
            rows.append([obj, sub, s.end_date.isoformat() if s.end_date else None, "output",
                         f"H{obj}-{sub}-{product}", total.name, f"{total.m3sub:.3f}", "m3fub", main_species])
    return _string_table(HPR_COLUMNS, rows)


def _string_table(names: list[str], rows: list[list[str | None]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    return pa.table({name: pa.array(list(col), type=pa.string()) for name, col in zip(names, columns, strict=True)})


def hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain), counter-clockwise, not closed; fewer than 3 distinct points as they are."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def area_ha(ring: list[tuple[float, float]]) -> float:
    """Area of a (lon, lat) polygon in hectares, on a local equirectangular projection (good to well
    under 1 % for a forest plot of a few km)."""
    if len(ring) < 3:
        return 0.0
    import math

    lat0 = math.radians(sum(lat for _, lat in ring) / len(ring))
    xy = [(lon * 111_320.0 * math.cos(lat0), lat * 110_574.0) for lon, lat in ring]
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(xy, xy[1:] + xy[:1], strict=True))
    return abs(twice) / 2 / 10_000


def plots(harvest: Harvest) -> list[dict]:
    """One plot per harvest sub-object: its stems' hull, area and centroid."""
    out = []
    for (obj, sub), s in sorted(harvest.subobjects.items()):
        if not s.coordinates:
            continue
        ring = hull(s.coordinates)
        out.append({
            "object_key": obj, "subobject_key": sub, "name": s.name, "stems": len(s.coordinates),
            "area_ha": round(area_ha(ring), 4),
            "lon": sum(x for x, _ in s.coordinates) / len(s.coordinates),
            "lat": sum(y for _, y in s.coordinates) / len(s.coordinates),
            "hull": [[x, y] for x, y in ring],
        })
    return out
