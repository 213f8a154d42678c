"""Origin statements for the EU Deforestation Regulation (Regulation (EU) 2023/1115): the harvest
plots of a lot's wood as GeoJSON (RFC 7946: WGS84, [longitude, latitude], at least 6 decimals; a
polygon for plots over 4 ha, a point otherwise; at most 25 MB), with producer, country, area and
the share of the lot from each plot. A lot mixed with wood of unknown or external origin is refused,
naming those ancestors."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.core.sql import query_sql

MAX_BYTES = 25 * 1024 * 1024
POLYGON_ABOVE_HA = 4.0
DECIMALS = 6
COUNTRY = "NO"


class MixedLot(Exception):
    """The lot's ancestry includes wood whose harvest plot is not known."""

    def __init__(self, lot: str, unknown: list[tuple[str, str, str, float]]):
        self.unknown = unknown
        listed = "; ".join(f"{origin} {site}/{lot_id} ({share:.1%} of the lot)"
                           for origin, site, lot_id, share in unknown)
        super().__init__(f"lot {lot} is mixed: its ancestry includes wood of unknown origin, so no origin "
                         f"statement can be made; ancestors: {listed}")


@dataclass(frozen=True)
class Plot:
    plot_id: str
    name: str | None
    producer: str | None
    producer_org_number: str | None
    lat: float
    lon: float
    share: float
    area_ha: float | None = None
    ring: list[tuple[float, float]] | None = None  # (lon, lat) boundary, when surveyed


def origin_plots(con: duckdb.DuckDBPyConnection, site_id: str, lot_id: str, max_depth: int = 30) -> list[Plot]:
    """The lot's harvest plots with their shares; raises MixedLot when any root is not a harvest."""
    _, rows = query_sql(con, "trace/origin_plots", {"site_id": site_id, "lot_id": lot_id, "max_depth": max_depth})
    unknown = [(r[0], r[1], r[2], r[3]) for r in rows if r[0] != "harvest"]
    if unknown:
        raise MixedLot(f"{site_id}/{lot_id}", unknown)
    if not rows:
        raise LookupError(f"lot {site_id}/{lot_id} has no known harvest origin")
    shares: dict[str, Plot] = {}
    for _origin, _site, _lot, share, plot_id, name, lat, lon, producer, org, area, ring in rows:
        previous = shares.get(plot_id)
        boundary = [tuple(p) for p in json.loads(ring)] if ring else None
        shares[plot_id] = Plot(plot_id, name, producer, org, lat, lon, share + (previous.share if previous else 0.0),
                               area, boundary)
    return list(shares.values())


def geojson(lot: str, plots: list[Plot]) -> dict[str, Any]:
    """The RFC 7946 FeatureCollection for a lot's plots."""
    features = []
    for p in plots:
        if p.ring and p.area_ha is not None and p.area_ha > POLYGON_ABOVE_HA:
            ring = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in p.ring]
            if ring[0] != ring[-1]:
                ring.append(ring[0])
            geometry = {"type": "Polygon", "coordinates": [ring]}
        else:
            geometry = {"type": "Point", "coordinates": [round(p.lon, DECIMALS), round(p.lat, DECIMALS)]}
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "plot_id": p.plot_id, "plot_name": p.name, "producer": p.producer,
                "producer_org_number": p.producer_org_number, "country": COUNTRY, "area_ha": p.area_ha,
                "share_of_lot": round(p.share, 6),
            },
        })
    return {"type": "FeatureCollection", "lot": lot, "features": features}


def dumps(doc: dict[str, Any]) -> str:
    """The document as text, with every coordinate written with exactly 6 decimals."""
    text = json.dumps(doc, ensure_ascii=False, indent=2, default=str)
    text = _fixed_decimals(text)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"origin statement is {len(text.encode()):,} bytes, above the EUDR limit of {MAX_BYTES:,}")
    return text


def _fixed_decimals(text: str) -> str:
    """json writes 9.85 as 9.85; EUDR wants at least 6 decimals, so coordinate pairs are re-rendered."""
    def coords(match: re.Match) -> str:
        numbers = re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", match.group(0))
        return "[" + ", ".join(f"{float(n):.{DECIMALS}f}" for n in numbers) + "]"

    return re.sub(r"\[\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*\]", coords, text)
