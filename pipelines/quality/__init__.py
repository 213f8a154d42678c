"""Data-quality helpers (Great Expectations runner for the DuckDB warehouse)."""
