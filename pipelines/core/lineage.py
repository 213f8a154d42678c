"""Lot genealogy as a reader sees it: a trace (rows of the trace_up / trace_down SQL macros) turned
into a tree, a printable outline, JSON, and the verdict on a lot's origin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipelines.core.sql import query_sql

COLUMNS = ("depth", "site_id", "lot_id", "material_code", "qty", "qty_unit", "company_id", "site_name",
           "first_date", "origin", "kind", "ref", "event_date", "share", "path")


@dataclass
class Step:
    """One lot in a trace, with the link that led to it and the lots beyond it."""

    site_id: str
    lot_id: str
    material_code: str | None
    qty: float | None
    qty_unit: str | None
    company_id: str | None
    site_name: str | None
    first_date: dt.date | None
    origin: str | None
    kind: str | None
    ref: str | None
    event_date: dt.date | None
    share: float | None
    children: list[Step] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.__dict__.items()
               if k != "children"}
        out["children"] = [c.as_dict() for c in self.children]
        return out


def find_lot(con: duckdb.DuckDBPyConnection, lot_id: str, site_id: str | None) -> list[tuple[str, str]]:
    """The (site, lot) pairs that match a lot id, optionally at one site."""
    _, rows = query_sql(con, "trace/find_lot", {"lot_id": lot_id, "site_id": site_id})
    return [(r[0], r[1]) for r in rows]


def trace(con: duckdb.DuckDBPyConnection, site_id: str, lot_id: str, direction: str, max_depth: int) -> Step:
    """The lot's tree upstream ('up': where it came from) or downstream ('down': where it went)."""
    name = "trace/up" if direction == "up" else "trace/down"
    _, rows = query_sql(con, name, {"site_id": site_id, "lot_id": lot_id, "max_depth": max_depth})
    return build_tree([dict(zip(COLUMNS, r, strict=True)) for r in rows])


def build_tree(rows: list[dict[str, Any]]) -> Step:
    """Nest trace rows (ordered by path) into a tree; row `path` lists the lot keys from the root."""
    by_path: dict[tuple[str, ...], Step] = {}
    root: Step | None = None
    for row in rows:
        step = Step(**{k: row[k] for k in COLUMNS if k not in ("depth", "path")})
        key = tuple(row["path"])
        by_path[key] = step
        if len(key) == 1:
            root = step
        else:
            by_path[key[:-1]].children.append(step)
    if root is None:
        raise LookupError("empty trace")
    return root


def origins(root: Step) -> dict[tuple[str, str, str], float]:
    """Share of the lot per root lot of an upstream trace: {(origin, site, lot): share}. Only lots
    without parents carry an origin, so these are the leaves of the trace."""
    found: dict[tuple[str, str, str], float] = {}

    def walk(step: Step) -> None:
        if step.origin is not None:
            key = (step.origin, step.site_id, step.lot_id)
            found[key] = found.get(key, 0.0) + (step.share or 0.0)
        for child in step.children:
            walk(child)

    walk(root)
    return found


def is_mixed(root: Step) -> list[tuple[str, str, str]]:
    """The ancestors of unknown or external origin (empty: every root is a harvest)."""
    return sorted(k for k in origins(root) if k[0] != "harvest")


def outline(root: Step, direction: str) -> list[str]:
    """The tree as indented lines a person reads."""
    lines: list[str] = []

    def describe(step: Step) -> str:
        qty = f"{step.qty:,.1f} {step.qty_unit}" if step.qty is not None else "quantity unknown"
        where = step.site_name or step.site_id
        owner = f" ({step.company_id})" if step.company_id else ""
        via = ""
        if step.kind:
            amount = (f", {step.share:.1%} of the lot" if direction == "up" else
                      f", {step.share:,.1f} {step.qty_unit or ''}".rstrip()) if step.share is not None else ""
            via = f"  ← {step.kind} {step.ref} {step.event_date or ''}{amount}"
        origin = f"  [origin: {step.origin}]" if step.origin else ""
        return f"{step.lot_id}  {step.material_code or '?'}  {qty}  at {where}{owner}{via}{origin}"

    def walk(step: Step, prefix: str, last: bool, top: bool) -> None:
        lines.append(describe(step) if top else f"{prefix}{'└─ ' if last else '├─ '}{describe(step)}")
        child_prefix = "" if top else prefix + ("   " if last else "│  ")
        for i, child in enumerate(step.children):
            walk(child, child_prefix, i == len(step.children) - 1, False)

    walk(root, "", True, True)
    return lines
