"""Expectation suites as Dagster asset checks: derived from the schema, passing on clean data,
blocking downstream models and saying what failed, where, when rows break a rule."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipelines.core.datasets import DATASETS
from pipelines.core.settings import Settings
from pipelines.core.warehouse import reference_codes
from pipelines.definitions import build_definitions
from pipelines.quality import suites


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_suite_in_the_repo_is_the_one_derived_from_schema_and_reference(dataset: str) -> None:
    assert suites.load(dataset) == suites.derive(DATASETS[dataset], reference_codes()), (
        "run `sidestream suites` after changing the schema or the reference data"
    )


def materialize(settings: Settings, selection: dg.AssetSelection, instance: dg.DagsterInstance, **kw):
    d = build_definitions(settings)
    return dg.materialize([*d.assets, *d.asset_checks], selection=selection, instance=instance,
                          resources=d.resources, raise_on_error=False, **kw)


def evaluations(result) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}


def test_checks_pass_on_clean_data_and_block_models_on_broken_rows(settings: Settings) -> None:
    with dg.instance_for_test() as instance:
        assert materialize(settings, dg.AssetSelection.groups("reference"), instance).success
        ingest = materialize(settings, dg.AssetSelection.groups("canonical"), instance, partition_key="sagbruk")
        clean = evaluations(ingest)
        assert clean[("shipments", "expectations")].passed
        assert clean[("production_items", "expectations")].passed
        assert clean[("shipments", "expectations")].metadata["rows_checked"].value == 3

        # rows that break rules the loader enforces, as a bug or a hand edit would leave them
        con = duckdb.connect(str(settings.warehouse))
        con.execute("UPDATE shipments SET qty_reported = -5 WHERE shipment_id = 'U1'")
        con.execute("UPDATE shipments SET receiver_site_id = 'SAG-1' WHERE shipment_id = 'U2'")
        con.execute("UPDATE shipments SET lot_id = 'S 1 ?' WHERE shipment_id = 'U3'")
        con.close()

        selection = (dg.AssetSelection.checks_for_assets(dg.AssetKey("shipments"))
                     | dg.AssetSelection.groups("model"))
        run = materialize(settings, selection, instance)
        checked = evaluations(run)
        failed = checked[("shipments", "expectations")]
        assert not failed.passed and failed.severity == dg.AssetCheckSeverity.ERROR
        assert failed.metadata["failed"].value == 3
        summary = failed.metadata["summary"].value.splitlines()
        assert summary == [
            "expect_column_values_to_be_between on qty_reported: 1 rows; sample [-5.0]; "
            "e.g. utlev_2025-01.csv row 1",
            "expect_column_values_to_match_regex on lot_id: 1 rows; sample ['S 1 ?']; e.g. utlev_2025-01.csv row 3",
            "expect_column_pair_values_to_not_be_equal on sender_site_id,receiver_site_id (a site does not ship to "
            "itself): 1 rows; sample [['SAG-1', 'SAG-1']]",
        ]
        # the blocking check stopped the model that reads shipments
        built = {m.asset_key.to_user_string() for m in run.get_asset_materialization_events()}
        assert "material_flows" not in built


def test_interim_treatment_codes_are_warnings_not_errors(settings: Settings, tmp_path) -> None:
    ws = settings.workspace
    (ws / "companies/fjernvarme/mapping.yaml").write_text(
        (ws / "companies/fjernvarme/mapping.yaml").read_text(encoding="utf-8") + """
  - name: ash
    dataset: treatments
    pattern: "aske_*.csv"
    format: csv
    delimiter: ","
    decimal: "."
    date_format: yyyy-mm-dd
    columns: {site: site, receiver: to, operation: code, material: product, quantity: t, treatment_date: date}
    constants: {unit: t}
    values:
      site: {Varmesentralen: FJV-1, Deponi AS: external}
      material: {Aske: WOOD_ASH}
""", encoding="utf-8")
    (ws / "inbox/fjernvarme/aske_2025-01.csv").write_text(
        "site,to,code,product,t,date\nVarmesentralen,Deponi AS,D1,Aske,12.5,2025-01-20\n"
        "Varmesentralen,Deponi AS,R13,Aske,4,2025-01-27\n", encoding="utf-8")
    with dg.instance_for_test() as instance:
        assert materialize(settings, dg.AssetSelection.groups("reference"), instance).success
        run = materialize(settings, dg.AssetSelection.groups("canonical"), instance, partition_key="fjernvarme")
        checked = evaluations(run)
    assert checked[("treatments", "expectations")].passed
    warning = checked[("treatments", "warnings")]
    assert not warning.passed and warning.severity == dg.AssetCheckSeverity.WARN
    assert warning.metadata["summary"].value == (
        "expect_column_values_to_be_in_set on operation_code (interim operation (R12, R13, D13-D15): the final "
        "treatment is not known): 1 rows; sample ['R13']; e.g. aske_2025-01.csv row 2")
