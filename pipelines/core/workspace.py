"""A workspace: `companies/<id>/mapping.yaml` for every participant and `inbox/<id>/` of their files.

A company may also declare needs in `companies/<id>/needs.yaml` (see `pipelines/core/needs.py`).

The same code runs the bundled demo, a test fixture or a real cluster; only the folder differs.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core.mapping import CompanyMapping, Export, MappingError, check_codes, load_mapping
from pipelines.core.needs import NEEDS_FILE, Need, load_needs


@dataclass(frozen=True)
class CompanyEntry:
    mapping_path: Path
    mapping: CompanyMapping


@dataclass(frozen=True)
class InboxFile:
    company_id: str
    path: Path
    relative_name: str          # path inside the company's inbox, with '/' separators
    export: Export | None       # None when no export (or more than one) matches
    problem: str | None = None  # why no export applies
    outside: bool = False       # a link leading out of the inbox: never opened


@dataclass
class Workspace:
    root: Path
    companies: dict[str, CompanyEntry] = field(default_factory=dict)
    errors: dict[str, MappingError] = field(default_factory=dict)
    needs: dict[str, list[Need]] = field(default_factory=dict)
    needs_errors: dict[str, MappingError] = field(default_factory=dict)

    @property
    def company_ids(self) -> list[str]:
        """Every company with a mapping folder, valid or not (the Dagster partitions)."""
        return sorted(set(self.companies) | set(self.errors))

    def inbox(self, company_id: str) -> Path:
        return self.root / "inbox" / company_id

    def inbox_files(self, company_id: str) -> list[InboxFile]:
        """The company's inbox files in name order, each with the export it matches."""
        folder = self.inbox(company_id)
        if not folder.is_dir():
            return []
        exports = self.companies[company_id].mapping.exports if company_id in self.companies else []
        out = []
        inside = folder.resolve()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            if not path.resolve().is_relative_to(inside):
                out.append(InboxFile(company_id, path, rel, None,
                                     "is a link to a file outside the company's inbox; it was not read", True))
                continue
            matches = [e for e in exports if fnmatch.fnmatchcase(rel, e.pattern)]
            if len(matches) == 1:
                out.append(InboxFile(company_id, path, rel, matches[0]))
            elif not matches:
                patterns = ", ".join(e.pattern for e in exports) or "none"
                out.append(InboxFile(company_id, path, rel, None,
                                     f"matches no export pattern in the mapping (patterns: {patterns})"))
            else:
                names = ", ".join(e.name for e in matches)
                out.append(InboxFile(company_id, path, rel, None,
                                     f"matches more than one export ({names}); make the patterns distinct"))
        return out


def load_workspace(root: Path, codes: dict[str, set[str]]) -> Workspace:
    """Read and validate every company mapping; a broken mapping is kept in `errors`, not raised."""
    ws = Workspace(root=root)
    parsed: dict[str, tuple[Path, CompanyMapping]] = {}
    for path in sorted((root / "companies").glob("*/mapping.yaml")):
        try:
            parsed[path.parent.name] = (path, load_mapping(path))
        except MappingError as exc:
            ws.errors[path.parent.name] = exc
    owners: dict[str, str] = {}
    for company_id, (path, mapping) in parsed.items():
        for site in mapping.company.sites:
            if site.id in owners:
                ws.errors[company_id] = MappingError(
                    path, [("company.sites", f"site id {site.id} is already used by company {owners[site.id]}")]
                )
            owners.setdefault(site.id, company_id)
    for company_id, (path, mapping) in parsed.items():
        if company_id in ws.errors:
            continue
        try:
            check_codes(
                path, mapping, materials=codes["materials"], units=codes["units"],
                operations=codes["operations"], roles=codes["roles"], sites=owners,
            )
            ws.companies[company_id] = CompanyEntry(path, mapping)
        except MappingError as exc:
            ws.errors[company_id] = exc
    _load_needs(ws, codes)
    return ws


def _load_needs(ws: Workspace, codes: dict[str, set[str]]) -> None:
    """Read each company's optional needs file; problems go to `needs_errors`, never stop the workspace."""
    for path in sorted((ws.root / "companies").glob(f"*/{NEEDS_FILE}")):
        company_id = path.parent.name
        if company_id not in ws.companies:
            ws.needs_errors[company_id] = MappingError(
                path, [("", "not read: the company's mapping.yaml is missing or not usable; fix it first")])
            continue
        try:
            ws.needs[company_id] = load_needs(path, ws.companies[company_id].mapping,
                                              materials=codes["materials"], units=codes["units"])
        except MappingError as exc:
            ws.needs_errors[company_id] = exc
