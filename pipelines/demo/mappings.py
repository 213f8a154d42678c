"""Build each company's `mapping.yaml` from its spec and the names its files actually contain."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.demo.spec import Company, Export

_VALUE_ORDER = ("site", "material", "unit", "direction", "operation", "measure", "transport_mode")


def export_entry(company: Company, export: Export, values: dict[str, dict[str, str]]) -> dict:
    """One `exports[]` item: file pattern, dialect, columns, constants and value maps."""
    d = company.dialect
    entry: dict[str, object] = {"name": export.name, "dataset": export.dataset, "pattern": export.pattern,
                                "format": export.format or d.format}
    if export.format in ("stanford_hpr", "stanford_fpr"):
        entry["decimal"] = "."
    elif d.format == "csv":
        entry.update(delimiter=d.delimiter, decimal=d.decimal, thousands=d.thousands, encoding=d.encoding)
    else:
        entry.update(header_row=d.header_row, sheet=sheet_name(export))
    entry["date_format"] = export.date_format or d.date_format
    entry["columns"] = {field: header for header, field in export.columns}
    if export.constants:
        entry["constants"] = dict(export.constants)
    vals = {k: dict(sorted(values[k].items())) for k in _VALUE_ORDER if values.get(k)}
    if vals:
        entry["values"] = vals
    return entry


def sheet_name(export: Export) -> str:
    return export.name.replace("_", " ").title()[:31]


def mapping_doc(company: Company, values_by_export: dict[str, dict[str, dict[str, str]]]) -> dict:
    return {
        "company": {
            "id": company.id, "name": company.name, "org_number": company.org_number, "role": company.role,
            "expected_cadence": company.cadence,
            "sites": [{"id": s.id, "name": s.name, "role": s.role, "lat": s.lat, "lon": s.lon}
                      for s in company.sites],
        },
        "exports": [export_entry(company, e, values_by_export.get(e.name, {})) for e in company.exports],
    }


def write_mapping(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")
