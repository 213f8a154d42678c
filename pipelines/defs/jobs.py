"""Jobs a steward runs from the UI or the CLI."""

from __future__ import annotations

import dagster as dg

#: reference data, every model and the analysts' snapshot (unpartitioned assets); run nightly
refresh_job = dg.define_asset_job(
    "refresh_reference_and_models",
    selection=dg.AssetSelection.groups("reference", "model") | dg.AssetSelection.assets("analyst_snapshot",
                                                                                          "dashboards"),
    description="Reload reference data, rebuild the models and KPIs, and publish the analysts' snapshot.",
)

#: the month's period report (one partition per month)
report_job = dg.define_asset_job(
    "monthly_period_report",
    selection=dg.AssetSelection.assets("period_report"),
    description="Write the cluster's KPI report for a month.",
)

#: ingest new files of the selected companies (one partition per company)
ingest_job = dg.define_asset_job(
    "ingest_exports",
    selection=dg.AssetSelection.groups("canonical"),
    description="Ingest new files from the selected companies' inboxes into the canonical tables.",
)

