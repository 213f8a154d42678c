"""Jobs a steward runs from the UI or the CLI."""

from __future__ import annotations

import dagster as dg

#: reference data, then every model view (unpartitioned assets)
refresh_job = dg.define_asset_job(
    "refresh_reference_and_models",
    selection=dg.AssetSelection.groups("reference", "model"),
    description="Reload reference data and rebuild the model views.",
)

#: ingest new files of the selected companies (one partition per company)
ingest_job = dg.define_asset_job(
    "ingest_exports",
    selection=dg.AssetSelection.groups("canonical"),
    description="Ingest new files from the selected companies' inboxes into the canonical tables.",
)

