"""The confidentiality rule of the dashboards: companies compete, so a figure is shown only when it
cannot be traced back to one company.

- A cluster figure needs at least `min_companies` contributing companies.
- A breakdown (by material, by flow) merges items with fewer contributors into "other"; when "other"
  itself has too few distinct companies, it is withheld too.
- A company's own dashboard shows a cluster benchmark only when the *other* contributors are at
  least `min_companies` (it could otherwise subtract its own figure).
"""

from __future__ import annotations

from dataclasses import dataclass

OTHER = "other"


@dataclass(frozen=True)
class Item:
    label: str
    value: float
    companies: frozenset[str]


def cluster_figure_allowed(contributors: int | None, min_companies: int) -> bool:
    return (contributors or 0) >= min_companies


def benchmark_allowed(contributors: int | None, viewer_contributes: bool, min_companies: int) -> bool:
    return (contributors or 0) - (1 if viewer_contributes else 0) >= min_companies


def merge_small(items: list[Item], min_companies: int) -> tuple[list[Item], bool]:
    """Items with enough companies as they are, the rest summed into "other"; returns (items, withheld)
    where withheld says an "other" group was dropped because it too had too few companies."""
    kept = [i for i in items if len(i.companies) >= min_companies]
    small = [i for i in items if len(i.companies) < min_companies]
    if not small:
        return kept, False
    companies = frozenset().union(*(i.companies for i in small))
    if len(companies) < min_companies:
        return kept, True
    return [*kept, Item(OTHER, sum(i.value for i in small), companies)], False
