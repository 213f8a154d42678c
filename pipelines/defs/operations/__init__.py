"""Steward operations: the inbox sensor, the nightly refresh and the monthly period report."""
