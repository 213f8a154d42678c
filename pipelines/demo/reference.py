"""Reference factors and the conversions between canonical quantities and reported quantities.

The generator keeps its truth in canonical bases (dry tonnes for wood, tonnes for minerals, MWh for
energy) and expresses each record in the unit a company reports, using exactly the factors of
`data/reference/`. The same functions run backwards for `ground_truth.json`, so what the ingestion
must compute is defined in one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

#: Water's heat of vaporisation term of EN ISO 18125's as-received heating value, MJ/kg.
VAPORISATION_MJ_KG = 2.443


@dataclass(frozen=True)
class Material:
    code: str
    stream: str  # wood, mineral or energy
    default_moisture: float | None  # fraction, wet basis
    density: float | None  # basic density, dry kg per m3 green solid
    bulk: float | None  # m3 solid per m3 loose
    stacked: float | None
    lhv_dry: float | None  # MJ/kg dry


@dataclass(frozen=True)
class Unit:
    code: str
    basis: str
    factor: float


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def materials(ref_dir: Path = REFERENCE_DIR) -> dict[str, Material]:
    """Materials by code, read from materials.csv."""
    out = {}
    with (ref_dir / "materials.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            moist = _num(r["default_moisture_pct"])
            out[r["code"]] = Material(
                r["code"], r["stream"], None if moist is None else moist / 100, _num(r["basic_density_kg_m3"]),
                _num(r["bulk_solid_fraction"]), _num(r["stacked_solid_fraction"]), _num(r["lhv_dry_mj_kg"]),
            )
    return out


@cache
def units(ref_dir: Path = REFERENCE_DIR) -> dict[str, Unit]:
    """Units by code, read from units.csv."""
    with (ref_dir / "units.csv").open(encoding="utf-8") as fh:
        return {r["code"]: Unit(r["code"], r["basis"], float(r["factor"])) for r in csv.DictReader(fh)}


def codes(name: str, ref_dir: Path = REFERENCE_DIR) -> list[str]:
    """The `code` column of one reference CSV (materials, units, operations, roles)."""
    with (ref_dir / f"{name}.csv").open(encoding="utf-8") as fh:
        return [r["code"] for r in csv.DictReader(fh)]


def canonical_basis(material: str) -> str:
    """Which total a material adds to: dry_t (wood), t (minerals) or MWh (energy)."""
    return {"wood": "dry_t", "mineral": "t", "energy": "MWh"}[materials()[material].stream]


def per_canonical(material: str, unit: str, moisture: float | None) -> float:
    """Canonical quantity (dry t, t or MWh) per 1 reported `unit` of `material` at `moisture` (fraction).

    wood: solid m3 -> dry t = q x density / 1000; loose m3 -> x bulk solid fraction first; stacked m3
    -> x stacked solid fraction; green t -> x (1 - w); dry t -> x 1; MWh (as received, EN ISO 18125)
    -> green t = MWh x 3.6 / (lhv_dry x (1 - w) - 2.443 x w), then x (1 - w).
    minerals: tonnes (wet-mass units only); energy: MWh (energy units only).
    """
    m, u = materials()[material], units()[unit]
    w = m.default_moisture if moisture is None else moisture
    if m.stream == "mineral":
        if u.basis not in ("wet_mass", "dry_mass"):
            raise ValueError(f"{material} cannot be reported in {unit}")
        return u.factor
    if m.stream == "energy":
        if u.basis != "energy":
            raise ValueError(f"{material} cannot be reported in {unit}")
        return u.factor
    if u.basis == "solid_volume":
        return u.factor * m.density / 1000
    if u.basis == "loose_volume":
        if m.bulk is None:
            raise ValueError(f"{material} has no bulk factor; loose volume refused")
        return u.factor * m.bulk * m.density / 1000
    if u.basis == "stacked_volume":
        return u.factor * m.stacked * m.density / 1000
    if u.basis == "wet_mass":
        return u.factor * (1 - w)
    if u.basis == "dry_mass":
        return u.factor
    if u.basis == "energy":
        q_ar = m.lhv_dry * (1 - w) - VAPORISATION_MJ_KG * w
        return u.factor * 3.6 / q_ar * (1 - w)
    raise ValueError(f"unknown basis {u.basis}")


def uses_moisture(material: str, unit: str) -> bool:
    """True when converting this unit to the canonical basis needs the moisture content."""
    return materials()[material].stream == "wood" and units()[unit].basis in ("wet_mass", "energy")
