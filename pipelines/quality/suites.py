"""Expectation suites for the canonical tables, derived from the dataset schema and the reference data.

The derived suites are kept in the repo as GX suite JSON (pipelines/quality/suites/<table>.json;
`sidestream suites --write` regenerates them, and a test fails when they drift from the schema or
the reference data). Two kinds of values are only known where the suite runs and are written as
placeholders, resolved by `resolve`: `$sites` (the workspace's site ids) and `$today`.

Severity `error` makes the Dagster check blocking (downstream models do not build on failed data);
`warning` flags what is suspicious but may be true.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pipelines.core.datasets import DATASETS, Dataset

SUITES_DIR = Path(__file__).resolve().parent / "suites"
SITES = "$sites"
TODAY = "$today"

LOT_ID = r"^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$"
BASES = ["solid_volume", "loose_volume", "stacked_volume", "wet_mass", "dry_mass", "energy"]

#: the canonical site columns of each table, and which of them must belong to the exporting company
SITE_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "production": (["site_id"], ["site_id"]),
    "shipments": (["sender_site_id", "receiver_site_id"], ["sender_site_id"]),
    "receipts": (["receiver_site_id", "sender_site_id"], ["receiver_site_id"]),
    "stock": (["site_id"], ["site_id"]),
    "energy": (["site_id", "receiver_site_id"], ["site_id"]),
    "treatments": (["site_id", "receiver_site_id"], ["site_id"]),
    "forwarding": (["site_id"], ["site_id"]),
}
#: required typed fields -> canonical column
REQUIRED_COLUMNS = {"site": "site_id", "sender_site": "sender_site_id", "receiver_site": "receiver_site_id",
                    "receiver": "receiver_name", "sender": "sender_name", "operation": "operation_code",
                    "material": "material_code", "quantity": "qty_reported", "unit": "unit_code"}


def _e(kind: str, severity: str = "error", description: str | None = None, **kwargs: Any) -> dict:
    meta: dict[str, Any] = {"severity": severity}
    if description:
        meta["description"] = description
    return {"type": kind, "kwargs": kwargs, "meta": meta}


def derive(dataset: Dataset, codes: dict[str, set[str]]) -> dict:
    """The suite for one dataset's canonical table, from its fields and the reference codes.

    GX renders `{batch}` in a query as an aliased subquery, so queries cannot alias it or correlate
    on it; they compare concatenated keys instead.
    """
    name = dataset.name
    required = ["file_hash", "source_row", "company_id", "basis",
                *(REQUIRED_COLUMNS.get(f, f) for f in dataset.required)]
    ex = [_e("expect_column_values_to_not_be_null", column=c) for c in dict.fromkeys(required)]
    ex += [
        _e("expect_compound_columns_to_be_unique", column_list=["file_hash", "source_row"],
           description="one canonical row per file row"),
        _e("expect_column_values_to_be_in_set", column="material_code", value_set=sorted(codes["materials"])),
        _e("expect_column_values_to_be_in_set", column="unit_code", value_set=sorted(codes["units"])),
        _e("expect_column_values_to_be_in_set", column="basis", value_set=BASES),
        _e("expect_column_values_to_be_in_set", column="moisture_source", value_set=["default", "reported"]),
        _e("expect_column_values_to_be_between", column="qty_reported", min_value=0),
        _e("expect_column_values_to_be_between", column="dry_t", min_value=0),
        _e("expect_column_values_to_be_between", column="moisture_pct", min_value=0, max_value=70,
           description="moisture content, % wet basis"),
        _e("expect_column_values_to_be_between", column=dataset.time_field, min_value="1990-01-01",
           max_value=TODAY, description="no dates before 1990 or in the future"),
    ]
    site_columns, own_columns = SITE_COLUMNS[name]
    ex += [_e("expect_column_values_to_be_in_set", column=c, value_set=SITES) for c in site_columns]
    ex += [
        _e("unexpected_rows_expectation", description=f"{c} belongs to the exporting company",
           unexpected_rows_query=f"SELECT * FROM {{batch}} WHERE company_id || '/' || {c} NOT IN "
                                 "(SELECT company_id || '/' || site_id FROM ref_sites)")
        for c in own_columns
    ]
    for f in dataset.fields:
        if f.kind == "enum":
            ex.append(_e("expect_column_values_to_be_in_set", column=f.name, value_set=list(f.choices)))
        if f.name in ("lot_id", "sender_lot_id"):
            ex.append(_e("expect_column_values_to_match_regex", column=f.name, regex=LOT_ID))
        if f.name == "distance_km":
            ex.append(_e("expect_column_values_to_be_between", column="distance_km", min_value=0))
    ex += _specific(name, codes)
    return {"name": f"{dataset.table}", "expectations": ex, "meta": {"derived_from": "pipelines/quality/suites.py"}}


def _specific(name: str, codes: dict[str, set[str]]) -> list[dict]:
    if name == "shipments":
        return [
            _e("expect_compound_columns_to_be_unique", column_list=["sender_site_id", "shipment_id"],
               description="a shipment id appears once per sender"),
            _e("expect_column_pair_values_to_not_be_equal", column_A="sender_site_id", column_B="receiver_site_id",
               description="a site does not ship to itself"),
            _e("unexpected_rows_expectation", severity="warning",
               description="the sender produced, held or received the material it ships",
               unexpected_rows_query=(
                   "SELECT * FROM {batch} WHERE sender_site_id || '/' || material_code NOT IN ("
                   "SELECT site_id || '/' || material_code FROM production_items UNION "
                   "SELECT site_id || '/' || material_code FROM stock_counts UNION "
                   "SELECT receiver_site_id || '/' || material_code FROM receipts)")),
        ]
    if name == "receipts":
        return [_e("expect_column_pair_values_to_not_be_equal", column_A="receiver_site_id",
                   column_B="sender_site_id", description="a site does not receive from itself")]
    if name == "energy":
        return [
            _e("expect_column_pair_values_to_not_be_equal", column_A="site_id", column_B="receiver_site_id",
               description="a site does not deliver energy to itself"),
            _e("unexpected_rows_expectation", description="the period ends on or after it starts",
               unexpected_rows_query="SELECT * FROM {batch} WHERE period_end < period_start"),
        ]
    if name == "treatments":
        final = sorted(c for c in codes["operations"] if c not in {"R12", "R13", "D13", "D14", "D15"})
        return [
            _e("expect_column_values_to_be_in_set", column="operation_code", value_set=sorted(codes["operations"])),
            _e("expect_column_values_to_be_in_set", column="operation_code", value_set=final, severity="warning",
               description="interim operation (R12, R13, D13-D15): the final treatment is not known"),
        ]
    if name == "forwarding":
        return [
            _e("expect_compound_columns_to_be_unique", column_list=["file_hash", "partial_load_id"],
               description="a partial load appears once in its forwarder file"),
            _e("expect_column_values_to_be_between", column="mass_t", min_value=0),
        ]
    return []


def resolve(suite: dict, *, sites: list[str], today: dt.date) -> dict:
    """The suite with its placeholders filled for one workspace and day."""

    def fill(value: Any) -> Any:
        if value == SITES:
            return sorted(sites)
        if value == TODAY:
            return today.isoformat()
        return value

    return {**suite, "expectations": [
        {**e, "kwargs": {k: fill(v) for k, v in e["kwargs"].items()}} for e in suite["expectations"]
    ]}


def path(dataset: str) -> Path:
    return SUITES_DIR / f"{DATASETS[dataset].table}.json"


def load(dataset: str) -> dict:
    """The suite kept in the repo for a dataset."""
    return json.loads(path(dataset).read_text(encoding="utf-8"))


def render(suite: dict) -> str:
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


def write_all(codes: dict[str, set[str]]) -> list[Path]:
    """Regenerate every suite file from the schema and the reference data."""
    SUITES_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, dataset in DATASETS.items():
        target = path(name)
        target.write_text(render(derive(dataset, codes)), encoding="utf-8")
        written.append(target)
    return written
