"""Dagster wiring: one folder per stage; logic lives in pipelines.core."""
