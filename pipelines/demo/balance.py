"""Per-site monthly wood balance from the generator's truth (dry tonnes), to check the simulation.

in  = receipts (also those left out of the export: the wood did arrive) + harvest (production
      outputs at harvesting sites, wood "from nature");
out = shipments + treatments + wood burned or reduced (production inputs minus wood outputs at the
      smelter and district heating, where wood leaves as gas and heat);
closure error = |in - out - Δstock| / in, with Δstock from the month-end counts (the opening count
dated the day before the first month). Minerals and energy are left out: reduction in the smelter
turns quartz and coal partly into CO, so their tonnes do not balance by design.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from pipelines.demo.cluster import Truth
from pipelines.demo.reference import materials

SOURCE_ROLES = {"harvesting"}
SINK_ROLES = {"smelter", "district_heating"}


def _month(d: date | datetime) -> tuple[int, int]:
    return d.year, d.month


def site_balance(truth: Truth, roles: dict[str, str]) -> dict[tuple[str, tuple[int, int]], tuple[float, float, float]]:
    """(site, (year, month)) -> (in, out, Δstock) in dry tonnes of wood."""
    wood = {m for m, v in materials().items() if v.stream == "wood"}
    inn: dict = defaultdict(float)
    out: dict = defaultdict(float)
    for r in truth.receipts:
        if r[7] in wood:
            inn[(r[1], _month(r[10]))] += r[8]
    for r in truth.shipments:
        if r[4] in wood:
            out[(r[1], _month(r[7]))] += r[5]
    for r in truth.treatments:
        if r[5] in wood:
            out[(r[1], _month(r[8]))] += r[6]
    for r in truth.production:
        if r[5] not in wood:
            continue
        key = (r[1], _month(r[2]))
        role = roles[r[1]]
        if role in SOURCE_ROLES and r[3] == "output":
            inn[key] += r[6]
        elif role in SINK_ROLES:
            out[key] += r[6] if r[3] == "input" else -r[6]
    stock: dict = defaultdict(float)
    for r in truth.stock:
        if r[1] in wood:
            stock[(r[0], _month(r[4]))] += r[2]
    result = {}
    for site, month in sorted(set(inn) | set(out)):
        y, m = month
        prev = (y - 1, 12) if m == 1 else (y, m - 1)
        d_stock = stock[(site, month)] - stock[(site, prev)]
        result[(site, month)] = (inn[(site, month)], out[(site, month)], d_stock)
    return result
