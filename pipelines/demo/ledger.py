"""Per-site FIFO stock of lots, in canonical quantities, so lot ids flow from input to output.

Every material movement in the simulation goes through this ledger; month-end stock counts are read
from it, which is what makes the per-site mass balance close by construction.
"""

from __future__ import annotations

from collections import defaultdict, deque

EPS = 1e-9


class Ledger:
    """Lots per (site, material), oldest first, with running totals."""

    def __init__(self) -> None:
        self._lots: dict[tuple[str, str], deque[list]] = defaultdict(deque)
        self._level: dict[tuple[str, str], float] = defaultdict(float)

    def level(self, site: str, material: str) -> float:
        return max(0.0, self._level[(site, material)])

    def add(self, site: str, material: str, lot: str, qty: float) -> None:
        if qty <= 0:
            return
        lots = self._lots[(site, material)]
        if lots and lots[-1][0] == lot:
            lots[-1][1] += qty
        else:
            lots.append([lot, qty])
        self._level[(site, material)] += qty

    def take(self, site: str, material: str, qty: float, lot: str | None = None) -> list[tuple[str, float]]:
        """Remove up to `qty`, oldest lot first (or from one named lot); returns (lot, qty) parts."""
        key = (site, material)
        lots = self._lots[key]
        parts: list[tuple[str, float]] = []
        if lot is not None:
            for entry in lots:
                if entry[0] == lot:
                    q = min(qty, entry[1])
                    entry[1] -= q
                    parts.append((lot, q))
                    break
            self._lots[key] = deque(e for e in lots if e[1] > EPS)
        else:
            need = qty
            while need > EPS and lots:
                head = lots[0]
                q = min(need, head[1])
                parts.append((head[0], q))
                head[1] -= q
                need -= q
                if head[1] <= EPS:
                    lots.popleft()
        self._level[key] -= sum(q for _, q in parts)
        if not lots:
            self._level[key] = 0.0
        return [(name, q) for name, q in parts if q > EPS]
