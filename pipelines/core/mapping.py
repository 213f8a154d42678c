"""A company's `mapping.yaml`: who the company is and how each of its exports reads.

Loading validates everything that can be checked without the data: keys, allowed values, that every
required field is mapped, and that value maps point at codes that exist. Every problem is reported
with the file, the key path and what is allowed, so a steward can fix the mapping without reading code.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.core.datasets import DATASETS, EXTERNAL, VALUE_KINDS

Encoding = Literal["utf-8", "utf-8-sig", "windows-1252", "latin-1"]
Cadence = Literal["daily", "weekly", "monthly", "quarterly", "yearly"]

#: The date formats a mapping may name, and the strptime format each stands for.
DATE_FORMATS: dict[str, str] = {
    "dd.mm.yyyy": "%d.%m.%Y",
    "dd.mm.yy": "%d.%m.%y",
    "dd.mm.yyyy hh:mm": "%d.%m.%Y %H:%M",
    "dd/mm/yyyy": "%d/%m/%Y",
    "yyyy-mm-dd": "%Y-%m-%d",
    "yyyy-mm-dd hh:mm:ss": "%Y-%m-%d %H:%M:%S",
    "excel_serial": "excel_serial",
}
DateFormat = Literal[
    "dd.mm.yyyy", "dd.mm.yy", "dd.mm.yyyy hh:mm", "dd/mm/yyyy", "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss",
    "excel_serial",
]

#: the StanForD 2010 formats and the dataset each file type feeds
STANFORD_FORMATS = {"stanford_hpr": "production", "stanford_fpr": "forwarding"}

_M = typing.TypeVar("_M", bound=BaseModel)
_ID = r"^[a-z0-9][a-z0-9_-]*$"
_SITE_ID = r"^[A-Z0-9][A-Z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Site(_Strict):
    id: Annotated[str, Field(pattern=_SITE_ID)]
    name: str
    role: str
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class Company(_Strict):
    id: Annotated[str, Field(pattern=_ID)]
    name: str
    org_number: Annotated[str, Field(pattern=r"^[0-9]{9}$")]
    role: str
    expected_cadence: Cadence = "monthly"
    sites: Annotated[list[Site], Field(min_length=1)]

    @field_validator("org_number")
    @classmethod
    def _mod11(cls, v: str) -> str:
        expected = org_number_check_digit(v[:8])
        if expected is None or int(v[8]) != expected:
            raise ValueError(f"{v} fails the mod-11 check of Norwegian organisation numbers "
                             f"(check digit should be {expected if expected is not None else 'impossible'})")
        return v


def org_number_check_digit(first8: str) -> int | None:
    """The Brønnøysund mod-11 check digit for the first 8 digits; None when no digit is valid."""
    total = sum(int(d) * w for d, w in zip(first8, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
    digit = 11 - total % 11
    return 0 if digit == 11 else (None if digit == 10 else digit)


class Export(_Strict):
    name: Annotated[str, Field(pattern=_ID)]
    dataset: Literal["production", "shipments", "receipts", "stock", "energy", "treatments", "forwarding"]
    pattern: str
    format: Literal["csv", "xlsx", "stanford_hpr", "stanford_fpr"]
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] = ";"
    quote: Annotated[str, Field(min_length=1, max_length=1)] = '"'
    decimal: Literal[",", "."] = ","
    thousands: Literal["", " ", ".", ",", "'"] = ""
    encoding: Encoding = "utf-8"
    header_row: Annotated[int, Field(ge=1)] = 1
    sheet: str | None = None
    date_format: DateFormat = "dd.mm.yyyy"
    columns: dict[str, str]
    constants: dict[str, str] = {}
    values: dict[Literal[VALUE_KINDS], dict[str, str]] = {}  # type: ignore[valid-type]

    @field_validator("pattern")
    @classmethod
    def _pattern_stays_in_inbox(cls, v: str) -> str:
        if v.startswith("/") or ".." in Path(v).parts:
            raise ValueError("must be a file name pattern inside the company's inbox (no '/' at start, no '..')")
        return v

    @model_validator(mode="after")
    def _fits_dataset(self) -> Export:
        ds = DATASETS[self.dataset]
        problems = []
        for key in list(self.columns) + list(self.constants):
            if key not in ds.field_names:
                allowed = ", ".join(ds.field_names)
                problems.append(f"'{key}' is not a field of dataset {self.dataset}; allowed: {allowed}")
        for key in set(self.columns) & set(self.constants):
            problems.append(f"'{key}' is both a column and a constant; keep one")
        missing = [f for f in ds.required if f not in self.columns and f not in self.constants]
        if missing:
            problems.append(f"required field(s) not mapped: {', '.join(missing)} (map a column or set a constant)")
        if self.thousands and self.thousands == self.decimal:
            problems.append(f"thousands separator {self.thousands!r} equals the decimal separator")
        if self.format == "csv" and self.sheet is not None:
            problems.append("'sheet' only applies to format xlsx")
        for fmt, dataset in STANFORD_FORMATS.items():
            if self.format == fmt and (self.dataset != dataset or self.decimal != "."
                                       or self.date_format != "yyyy-mm-dd"):
                problems.append(f"format {fmt} is a {dataset} export read with decimal '.' and date_format "
                                "yyyy-mm-dd")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def strptime_format(self) -> str:
        return DATE_FORMATS[self.date_format]


class CompanyMapping(_Strict):
    company: Company
    exports: Annotated[list[Export], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> CompanyMapping:
        names = [e.name for e in self.exports]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"export names must be unique; repeated: {', '.join(dupes)}")
        return self


class MappingError(Exception):
    """A mapping file that cannot be used; `problems` are (key path, message) pairs."""

    def __init__(self, path: Path, problems: list[tuple[str, str]]):
        self.path = path
        self.problems = problems
        lines = [f"{path}: {key}: {msg}" if key else f"{path}: {msg}" for key, msg in problems]
        super().__init__("\n".join(lines))


def read_yaml_model(path: Path, model: type[_M], expected: str) -> _M:
    """A workspace YAML file read into `model`; every problem a MappingError naming the file and key.

    `expected` says what the top level should be, for a file that is not a mapping at all."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(path, [("", f"cannot read the YAML: {exc}")]) from exc
    if not isinstance(raw, dict):
        raise MappingError(path, [("", f"expected {expected}")])
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise MappingError(path, [describe_error(err, model) for err in exc.errors()]) from None


def load_mapping(path: Path) -> CompanyMapping:
    """Parse and validate one mapping file (structure only; codes are checked by `check_codes`)."""
    mapping = read_yaml_model(path, CompanyMapping, "a mapping with keys 'company' and 'exports'")
    folder = path.parent.name
    if mapping.company.id != folder:
        raise MappingError(path, [("company.id", f"'{mapping.company.id}' must equal its folder name '{folder}'")])
    return mapping


def check_codes(
    path: Path,
    mapping: CompanyMapping,
    *,
    materials: Iterable[str],
    units: Iterable[str],
    operations: Iterable[str],
    sites: Iterable[str],
    roles: Iterable[str],
) -> None:
    """Check that every code a mapping names exists in the reference data or among the cluster's sites."""
    known = {
        "material": set(materials),
        "unit": set(units),
        "operation": set(operations),
        "site": set(sites) | {EXTERNAL},
    }
    for ds in DATASETS.values():
        for f in ds.fields:
            if f.kind == "enum":
                known[f.name] = set(f.choices)
    role_set = set(roles)
    problems: list[tuple[str, str]] = []
    if mapping.company.role not in role_set:
        problems.append(("company.role", _not_allowed(mapping.company.role, role_set)))
    for i, site in enumerate(mapping.company.sites):
        if site.role not in role_set:
            problems.append((f"company.sites[{i}].role", _not_allowed(site.role, role_set)))
    for i, export in enumerate(mapping.exports):
        ds = DATASETS[export.dataset]
        for kind, pairs in export.values.items():
            for theirs, ours in pairs.items():
                if ours not in known[kind]:
                    problems.append((f"exports[{i}].values.{kind}.{theirs}", _not_allowed(ours, known[kind])))
        for name, value in export.constants.items():
            kind = ds.field(name).value_kind
            if kind and value not in known[kind] and value not in export.values.get(kind, {}):
                problems.append((f"exports[{i}].constants.{name}", _not_allowed(value, known[kind])))
    if problems:
        raise MappingError(path, problems)


def _not_allowed(value: str, allowed: set[str]) -> str:
    shown = sorted(allowed)
    more = f" … ({len(shown)} in all)" if len(shown) > 40 else ""
    return f"{value!r} is not known; allowed: {', '.join(shown[:40])}{more}"


def describe_error(err: dict, root: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error of a YAML file read into `root` as (key path, message a steward can act on)."""
    loc = err.get("loc", ())
    key = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))
    if err.get("type") == "extra_forbidden":
        allowed = _allowed_keys(root, loc[:-1])
        return key, f"unknown key; allowed keys here: {', '.join(allowed)}"
    if err.get("type") == "missing":
        return key, "required key is missing"
    msg = re.sub(r"^Value error, ", "", err.get("msg", "invalid"))
    if "input" in err and not isinstance(err["input"], dict | list):
        msg = f"{msg} (got {err['input']!r})"
    return key, msg


def _allowed_keys(root: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at a location, found by walking the models along the path."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None
