"""A company's declared needs (`companies/<id>/needs.yaml`): what it wants from the cluster and on what terms.

Purchases from outside the cluster show demand that already exists; a declared need adds demand the
flows cannot show (a new boiler, a planned line) and the limits a supply must meet. The file is
optional. A broken file is reported with its key path, like a mapping, and leaves that company's
declared needs out until it is fixed; it never stops an ingest.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipelines.core.mapping import CompanyMapping, MappingError, read_yaml_model

NEEDS_FILE = "needs.yaml"
_MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class Need(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str
    material: str
    quantity_per_month: Annotated[float, Field(gt=0)]
    unit: str
    moisture_pct: Annotated[float, Field(ge=0, le=70)] | None = None
    first_month: str | None = None
    last_month: str | None = None
    max_moisture_pct: Annotated[float, Field(ge=0, le=70)] | None = None
    max_ash_pct: Annotated[float, Field(gt=0, le=100)] | None = None
    max_distance_km: Annotated[float, Field(gt=0)] | None = None
    #: true when the need is the site's whole need of the material, including what it buys from outside
    #: today; those purchases then stop counting as demand in its months (else the need is additional)
    replaces_purchases: bool = False
    note: str | None = None

    @field_validator("first_month", "last_month", mode="before")
    @classmethod
    def _is_month(cls, v: object) -> object:
        if v is not None and not (isinstance(v, str) and re.match(_MONTH, v)):
            raise ValueError("must be a month written YYYY-MM, e.g. 2025-10")
        return v

    @model_validator(mode="after")
    def _months_in_order(self) -> Need:
        if self.first_month and self.last_month and self.first_month > self.last_month:
            raise ValueError(f"first_month {self.first_month} is after last_month {self.last_month}")
        return self

    @staticmethod
    def month_start(month: str | None) -> date | None:
        return date(int(month[:4]), int(month[5:]), 1) if month else None


class NeedsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: Annotated[list[Need], Field(min_length=1)]


def load_needs(path: Path, mapping: CompanyMapping, *, materials: set[str], units: set[str]) -> list[Need]:
    """Parse one needs file and check its sites (the company's own) and codes (from the reference data)."""
    parsed = read_yaml_model(path, NeedsFile, "a mapping with the key 'needs' (a list of needs)")
    own_sites = {s.id for s in mapping.company.sites}
    problems = []
    for i, need in enumerate(parsed.needs):
        if need.site not in own_sites:
            problems.append((f"needs[{i}].site", f"'{need.site}' is not a site of {mapping.company.id}; "
                                                 f"its sites: {', '.join(sorted(own_sites))}"))
        if need.material not in materials:
            problems.append((f"needs[{i}].material", f"unknown material code '{need.material}' "
                                                     "(see data/reference/materials.csv)"))
        if need.unit not in units:
            problems.append((f"needs[{i}].unit", f"unknown unit code '{need.unit}' (see data/reference/units.csv)"))
    if problems:
        raise MappingError(path, problems)
    return list(parsed.needs)
