"""Which inbox files are new since the last look: the pure part of the inbox sensor.

The cursor maps "company/file" to [mtime, size]; a file is hashed only when it is new or changed,
and each new content hash becomes one run request, so the same bytes never trigger twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.ingest import file_sha256
from pipelines.core.workspace import Workspace


@dataclass(frozen=True)
class NewFile:
    company_id: str
    file_name: str
    sha256: str


def scan(workspace: Workspace, cursor: dict[str, list[float]]) -> tuple[list[NewFile], dict[str, list[float]]]:
    """New or changed files of every company with a usable mapping, and the cursor after them."""
    found: list[NewFile] = []
    seen: dict[str, list[float]] = {}
    for company_id in workspace.company_ids:
        for f in workspace.inbox_files(company_id):
            if f.outside:
                continue
            stat = f.path.stat()
            key = f"{company_id}/{f.relative_name}"
            state = [stat.st_mtime, float(stat.st_size)]
            seen[key] = state
            if cursor.get(key) != state:
                found.append(NewFile(company_id, f.relative_name, file_sha256(f.path)))
    return found, seen
