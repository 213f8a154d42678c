"""Turn truth records into one company's export rows: its names, units, rounding and moisture.

Each rendered row also yields the canonical quantity the ingestion must recover from the written
numbers (same reference factors), which feeds `ground_truth.json`; and every name written is
collected so the company's `mapping.yaml` maps exactly those names. For speed at scale, the row
builder of each export is compiled once into a small function (source built from the spec below).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime

from pipelines.core.mapping import DATE_FORMATS
from pipelines.demo.cluster import FIELDS
from pipelines.demo.reference import canonical_basis, materials, per_canonical, uses_moisture
from pipelines.demo.spec import Company, Dialect, Export

#: Decimals each unit is reported with (what a weighbridge, a scaler or a heat meter shows).
UNIT_DECIMALS = {"m3fub": 2, "m3f": 3, "m3s": 1, "lm3": 1, "rm3": 1, "t": 3, "kg": 0, "tDS": 3, "TTV": 3,
                 "MWh": 2, "kWh": 0, "GJ": 2}

SITE_FIELDS = {"site", "sender_site", "receiver_site", "receiver", "sender"}
DATE_FIELDS = {"event_date", "ship_date", "receipt_date", "count_date", "period_start", "period_end",
               "treatment_date"}
NUMBER_FIELDS = {"distance_km"}
#: enum/code fields -> (value kind, attribute of Company holding the code -> name map)
CODE_FIELDS = {"transport_mode": "mode_names", "measure": "measure_names", "operation": "operation_names"}


class _Names(dict):
    """code -> name as written; remembers name -> code for the mapping's value map."""

    def __init__(self, names: Callable[[str], str], values: dict[str, str], code_of: Callable[[str], str]):
        super().__init__()
        self._names, self._values, self._code_of = names, values, code_of

    def __missing__(self, code: str | None) -> str | None:
        if code is None:
            self[code] = None
            return None
        name = self._names(code)
        self._values[name] = self._code_of(code)
        self[code] = name
        return name


class Renderer:
    """Renders the rows of one export (as text for CSV, as typed cells for XLSX)."""

    def __init__(self, company: Company, export: Export, site_names: dict[str, str], site_ids: set[str],
                 text: bool) -> None:
        self.company, self.export, self.text = company, export, text
        self.dialect: Dialect = company.dialect
        self.values: dict[str, dict[str, str]] = defaultdict(dict)
        self.totals: dict[str, float] = defaultdict(float)
        self.by_material: dict[str, float] = defaultdict(float)
        self.rows = 0
        self._site_names, self._site_ids = site_names, site_ids
        self._minfo: dict[str, tuple] = {}
        self._factor: dict[tuple[str, float | None], float] = {}
        fmt = DATE_FORMATS[export.date_format or company.dialect.date_format]
        self._dates = _DateText(fmt) if text else {}
        self._build = self._compile()

    # ---- cell formatting ------------------------------------------------------------------
    def num(self, v: float | int | None, decimals: int | None = None) -> str | float | int | None:
        if v is None:
            return "" if self.text else None
        if not self.text:
            return v
        d = self.dialect
        if decimals is None:
            s = f"{v:,.6f}".rstrip("0").rstrip(".") if d.thousands else f"{v:.6f}".rstrip("0").rstrip(".")
        else:
            s = f"{v:,.{decimals}f}" if d.thousands else f"{v:.{decimals}f}"
        if d.thousands:
            return s.replace(",", "\x00").replace(".", d.decimal).replace("\x00", d.thousands)
        return s if d.decimal == "." else s.replace(".", d.decimal)

    def _compile(self) -> Callable:
        """Compile `build(rec, qty, unit_name, moist, mat_name) -> row` for this export's columns."""
        idx = {f: i for i, f in enumerate(FIELDS[self.export.dataset])}
        c = self.company
        ns: dict[str, object] = {"D": self._dates, "NUM": self.num, "T": self.text}
        site_map = _Names(lambda code: self._site_names.get(code, code), self.values["site"],
                          lambda code: code if code in self._site_ids else "external")
        ns["S"] = site_map
        exprs = []
        for _, field in self.export.columns:
            if field == "quantity":
                exprs.append("qty")
            elif field == "unit":
                exprs.append("unit_name")
            elif field == "moisture_pct":
                exprs.append("moist")
            elif field == "material":
                exprs.append("mat_name")
            elif field in SITE_FIELDS:
                exprs.append(f"S[rec[{idx[field]}]]")
            elif field == "direction":
                ns["DIR"] = _Names(lambda code: c.direction_names[0 if code == "input" else 1],
                                   self.values["direction"], lambda code: code)
                exprs.append(f"DIR[rec[{idx[field]}]]")
            elif field in CODE_FIELDS:
                table = getattr(c, CODE_FIELDS[field])
                ns[field] = _Names(lambda code, t=table: t.get(code, code), self.values[field], lambda code: code)
                exprs.append(f"{field}[rec[{idx[field]}]]")
            elif field in DATE_FIELDS:
                exprs.append(f"D[rec[{idx[field]}]]" if self.text else f"rec[{idx[field]}]")
            elif field in NUMBER_FIELDS:
                exprs.append(f"NUM(rec[{idx[field]}])")
            else:
                i = idx[field]
                exprs.append(f"(rec[{i}] if rec[{i}] is not None else '')" if self.text else f"rec[{i}]")
        src = f"def build(rec, qty, unit_name, moist, mat_name):\n    return [{', '.join(exprs)}]\n"
        exec(compile(src, f"<render {c.id}/{self.export.name}>", "exec"), ns)
        return ns["build"]  # type: ignore[return-value]

    def _material(self, material: str) -> tuple:
        info = self._minfo.get(material)
        if info is None:
            c = self.company
            unit = c.unit_for(self.export, material)
            name = c.material_names[material]
            uname = c.unit_names.get(unit, unit)
            self.values["material"][name] = material
            self.values["unit"][uname] = unit
            needs_w = uses_moisture(material, unit)
            info = self._minfo[material] = (unit, name, uname, needs_w, materials()[material].default_moisture,
                                            UNIT_DECIMALS[unit], canonical_basis(material))
        return info

    def render(self, records: list[tuple]) -> Iterator[list[object]]:
        ds = self.export.dataset
        i_mat, i_qty = FIELDS[ds].index("material"), FIELDS[ds].index("qty")
        i_w = FIELDS[ds].index("w") if "w" in FIELDS[ds] else None
        reports_w = self.export.reports_moisture
        build, num, factors, text = self._build, self.num, self._factor, self.text
        totals, by_material = self.totals, self.by_material
        for rec in records:
            material = rec[i_mat]
            unit, name, uname, needs_w, w0, decimals, basis = self._material(material)
            w = None
            if needs_w:
                w = rec[i_w] if (reports_w and i_w is not None and rec[i_w] is not None) else w0
            key = (material, w)
            factor = factors.get(key)
            if factor is None:
                factor = factors[key] = per_canonical(material, unit, w)
            qty = round(rec[i_qty] / factor, decimals)
            if decimals == 0:
                qty = int(qty)
            canonical = qty * factor
            totals[basis] += canonical
            by_material[material] += canonical
            moist = round(w * 100, 1) if (needs_w and reports_w) else None
            yield build(rec, num(qty, decimals) if text else qty, uname,
                        num(moist, 1) if text else moist, name)
        self.rows += len(records)


class _DateText(dict):
    """date -> text in the export's date format, cached (strftime is slow at scale)."""

    def __init__(self, fmt: str) -> None:
        super().__init__()
        self.fmt = fmt

    def __missing__(self, d: date | datetime | None) -> str:
        s = "" if d is None else d.strftime(self.fmt)
        self[d] = s
        return s


def time_of(dataset: str) -> str:
    """The field that places a record in a file period."""
    return {"production": "event_date", "shipments": "ship_date", "receipts": "receipt_date",
            "stock": "count_date", "energy": "period_start", "treatments": "treatment_date"}[dataset]


def period_file(export: Export, day: date, first: date) -> str:
    """File name for the period containing `day` (rows before the first month go to the first file)."""
    if isinstance(day, datetime):
        day = day.date()
    if day < first:
        day = first
    return export.file.format(y=day.year, m=day.month, q=(day.month - 1) // 3 + 1)


def site_names(viewer: Company, companies: list[Company]) -> dict[str, str]:
    """How `viewer` names each cluster site in its files: by site name, company name or site id."""
    names = {}
    for c in companies:
        for s in c.sites:
            if viewer.party_style == "id":
                names[s.id] = s.id
            elif viewer.party_style == "company" and len(c.sites) == 1:
                names[s.id] = c.name
            else:
                names[s.id] = s.name
    return names
