"""The demo's declared needs: the district-heating plant plans a chip boiler with a tighter moisture limit.

The need comes beside the plant's purchases (it does not replace them), so the demo shows both: the
landfilled bark (55 % moisture) still matches the purchases, and fails the new boiler's 45 % limit.
"""

from __future__ import annotations

from pathlib import Path

import yaml

NEEDS: dict[str, list[dict]] = {
    "orkfjord-fjernvarme": [
        {"site": "OFV-ORKANGER", "material": "FOREST_CHIPS", "quantity_per_month": 900, "unit": "lm3",
         "first_month": "2026-01", "last_month": "2026-04", "max_moisture_pct": 45, "max_distance_km": 50,
         "note": "new 8 MW chip boiler, first heating season: dry chips only"},
    ],
}


def write_needs(out: Path) -> None:
    """Write `companies/<id>/needs.yaml` for each demo company with declared needs."""
    for company_id, needs in NEEDS.items():
        path = out / "companies" / company_id / "needs.yaml"
        path.write_text(yaml.safe_dump({"needs": needs}, sort_keys=False, allow_unicode=True, width=120),
                        encoding="utf-8")
