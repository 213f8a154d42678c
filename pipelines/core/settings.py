"""Where sidestream reads and writes, from environment variables with safe local defaults.

SIDESTREAM_HOME       runtime output: warehouse, Dagster storage, temp files (default data/runtime)
SIDESTREAM_WORKSPACE  the workspace to ingest: companies/ + inbox/ (default data/demo)
SIDESTREAM_MEMORY     DuckDB memory limit (default 3GB), so big files spill to disk instead of failing
SIDESTREAM_MAX_FILE_MB  files larger than this are rejected unread (default 4096)
SIDESTREAM_MIN_COMPANIES  dashboards show a cluster figure or breakdown only when at least this many
                          companies make it up (default 3)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO_ROOT / "data" / "reference"

#: values the model SQL binds (sql/kpi/settings.sql, sql/model/export_freshness.sql, forwarding_balance.sql)
MODEL_PARAMETERS: dict[str, float] = {
    "reconciliation_tolerance": 0.02,  # a receipt may differ from its shipment by this share
    "mass_balance_tolerance": 0.05,  # a site-month closure error above this is flagged
    "mci_sustainable_share": 0.0,  # no certification data yet: no feedstock counts as sustained (conservative)
    "grace_days": 10,  # days after the next cadence period ends before an export is overdue
    "forwarding_tolerance": 0.01,  # forwarded may differ from harvested by this share of it and still balance
}


@dataclass(frozen=True)
class Settings:
    home: Path
    workspace: Path
    memory_limit: str = "3GB"
    max_file_mb: float = 4096
    min_companies: int = 3

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def temp_dir(self) -> Path:
        return self.home / "tmp"

    @classmethod
    def from_env(cls, workspace: Path | str | None = None, home: Path | str | None = None) -> Settings:
        return cls(
            home=Path(home or os.environ.get("SIDESTREAM_HOME") or REPO_ROOT / "data" / "runtime").resolve(),
            workspace=Path(
                workspace or os.environ.get("SIDESTREAM_WORKSPACE") or REPO_ROOT / "data" / "demo"
            ).resolve(),
            memory_limit=os.environ.get("SIDESTREAM_MEMORY", "3GB"),
            max_file_mb=float(os.environ.get("SIDESTREAM_MAX_FILE_MB", "4096")),
            min_companies=int(os.environ.get("SIDESTREAM_MIN_COMPANIES", "3")),
        )
