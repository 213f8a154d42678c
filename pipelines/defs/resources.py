"""Resources shared by the assets: the warehouse (DuckDB) and the sidestream settings."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.core.settings import Settings

#: every asset that writes to the warehouse runs in this pool; dagster.yaml limits it to 1
WRITER_POOL = "duckdb_write"


class SidestreamConfig(dg.ConfigurableResource):
    """Paths and limits, so assets read the same settings the CLI used (defaults live in Settings)."""

    home: str
    workspace: str
    memory_limit: str
    max_file_mb: float
    min_companies: int

    @property
    def settings(self) -> Settings:
        return Settings(home=Path(self.home), workspace=Path(self.workspace), memory_limit=self.memory_limit,
                        max_file_mb=self.max_file_mb, min_companies=self.min_companies)


def build_resources(settings: Settings) -> dict[str, object]:
    return {
        "duckdb": DuckDBResource(
            database=str(settings.warehouse),
            connection_config={"memory_limit": settings.memory_limit, "temp_directory": str(settings.temp_dir)},
        ),
        "sidestream": SidestreamConfig(
            home=str(settings.home), workspace=str(settings.workspace), memory_limit=settings.memory_limit,
            max_file_mb=settings.max_file_mb, min_companies=settings.min_companies,
        ),
    }
