"""Types that describe the demo cluster: companies, sites, file dialects and exports.

Kept apart from the data (`companies.py`) so the simulation, the writers and the mapping builder share
one vocabulary without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Cadence = Literal["monthly", "quarterly", "yearly"]


@dataclass(frozen=True)
class Dialect:
    """How a company's files look: CSV flavour or XLSX layout, and how numbers and dates are written."""

    format: Literal["csv", "xlsx"] = "csv"
    delimiter: str = ";"
    decimal: Literal[",", "."] = ","
    thousands: Literal["", " "] = ""
    encoding: str = "utf-8"
    date_format: str = "dd.mm.yyyy"
    #: xlsx only: a title line and a blank line above the header (header_row 3)
    title: bool = False

    @property
    def header_row(self) -> int:
        return 3 if self.title else 1


@dataclass(frozen=True)
class Export:
    """One export: which dataset, which file name per period, and the columns in order.

    `columns` pairs a header with a canonical field; the writer fills `quantity`, `unit` and
    `moisture_pct` from the truth. `period` is a format with {y}, {m:02d} and {q}.
    """

    name: str
    dataset: str
    file: str
    cadence: Cadence
    columns: tuple[tuple[str, str], ...]
    constants: tuple[tuple[str, str], ...] = ()
    #: per-material unit overrides for this export (else the company's units)
    units: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None
    #: this export's file format when it differs from the company's dialect (e.g. a harvester's .hpr)
    format: Literal["csv", "xlsx", "stanford_hpr", "stanford_fpr"] | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for _, f in self.columns)

    @property
    def reports_moisture(self) -> bool:
        return "moisture_pct" in self.fields

    @property
    def pattern(self) -> str:
        return self.file.split("{", 1)[0] + "*" + self.file.rsplit("}", 1)[1]


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    role: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    org_number: str
    role: str
    cadence: Cadence
    short: str  # prefix for ids and lots
    sites: tuple[Site, ...]
    dialect: Dialect
    exports: tuple[Export, ...]
    #: material code -> the company's name for it
    material_names: dict[str, str]
    #: material code -> unit code it reports in
    units: dict[str, str]
    #: unit code -> the company's name for it
    unit_names: dict[str, str] = field(default_factory=dict)
    direction_names: tuple[str, str] = ("input", "output")
    mode_names: dict[str, str] = field(default_factory=dict)
    measure_names: dict[str, str] = field(default_factory=dict)
    operation_names: dict[str, str] = field(default_factory=dict)
    #: how it names other cluster sites in its files: by site name, company name or site id
    party_style: Literal["site", "company", "id"] = "site"

    def export_for(self, dataset: str) -> Export | None:
        for e in self.exports:
            if e.dataset == dataset:
                return e
        return None

    def unit_for(self, export: Export, material: str) -> str:
        return dict(export.units).get(material) or self.units[material]

    def renamed(self, **changes: object) -> Company:
        return replace(self, **changes)
