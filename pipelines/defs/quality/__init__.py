"""Great Expectations suites run as Dagster asset checks on the canonical tables."""
