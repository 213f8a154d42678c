"""Tests for pipelines.quality.gx_runner (GX suite -> DuckDB, plain outcomes).

The ``test_gx_*`` canaries at the bottom exercise the exact GX internals the runner works around;
they fail with an explanatory message when a GX upgrade changes them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.quality.gx_runner import VERIFIED_GX_VERSIONS, ExpectationOutcome, validate

ROWS = [
    # id, company_id, shipment_id, sender, receiver, lot_id, material, qty, ship_date, unit
    (1, "acme", "SH-001", "S1", "R1", "L1", "BARK", 10.0, "2024-01-05", "t"),
    (2, "acme", "SH-002", "S2", "S2", None, "ASH", 20.0, "2024-02-01", "t"),
    (3, "acme", "sh 3", "S3", "R3", "L3", "GOLD", -1.0, "2031-01-01", "m3"),
    (4, "o'neil", "SH-004", "S4", "R4", "L4", "BARK", 5.0, "2024-03-01", "t"),
    (5, "o'neil", "SH-004", "S5", "S5", None, "BARK", 5.0, "2019-12-31", "kg"),
    (6, "beta", "SH-{6}'x", "S6", "R6", "L6", "CHIPS", 1.0, "2024-05-05", "t"),
]


def E(type_: str, **kwargs) -> dict:
    meta = kwargs.pop("meta", {})
    return {"type": type_, "kwargs": kwargs, "meta": meta}


SUITE = {
    "name": "shipments_test",
    "expectations": [
        E("expect_column_to_exist", column="lot_id"),  # 0
        E("expect_column_to_exist", column="nope"),  # 1
        E(
            "expect_column_values_to_not_be_null",
            column="lot_id",
            meta={"severity": "warning", "description": "lots are optional upstream"},
        ),  # 2
        E("expect_column_values_to_be_in_set", column="material_code", value_set=["BARK", "ASH", "CHIPS"]),  # 3
        E(
            "expect_column_values_to_be_between", column="ship_date", min_value="2020-01-01", max_value="2026-12-31"
        ),  # 4
        E("expect_column_values_to_be_between", column="qty_reported", min_value=0),  # 5
        E("expect_column_values_to_match_regex", column="shipment_id", regex=r"^SH-\d{3}$"),  # 6
        E("expect_column_values_to_be_unique", column="shipment_id"),  # 7
        E("expect_compound_columns_to_be_unique", column_list=["company_id", "shipment_id"]),  # 8
        E("expect_column_pair_values_to_not_be_equal", column_A="sender_site_id", column_B="receiver_site_id"),  # 9
        E("expect_table_row_count_to_be_between", min_value=1, max_value=5),  # 10
        E("unexpected_rows_expectation", unexpected_rows_query="SELECT id FROM {batch} WHERE qty_reported < 0"),  # 11
        E("expect_column_values_to_not_match_regex", column="shipment_id", regex="'"),  # 12
        E("unexpected_rows_expectation", unexpected_rows_query="SELECT id FROM {batch} WHERE unit_code = 'kg'"),  # 13
    ],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gx") / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE shipments (id INTEGER, company_id VARCHAR, shipment_id VARCHAR,"
        " sender_site_id VARCHAR, receiver_site_id VARCHAR, lot_id VARCHAR,"
        " material_code VARCHAR, qty_reported DOUBLE, ship_date DATE, unit_code VARCHAR)"
    )
    con.executemany("INSERT INTO shipments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ROWS)
    con.execute("CREATE VIEW shipments_v AS SELECT * FROM shipments")
    con.close()
    return path


@pytest.fixture(scope="module")
def full(db) -> list[ExpectationOutcome]:
    return validate(db, "shipments", SUITE)


def _sorted(values):
    return sorted(values, key=repr)


def test_outcomes_follow_suite_order_and_shape(full):
    assert [o.expectation for o in full] == [e["type"] for e in SUITE["expectations"]]
    assert all(isinstance(o, ExpectationOutcome) for o in full)
    assert [o.exception for o in full] == [None] * len(full)


def test_column_to_exist(full):
    assert full[0].success and full[0].column == "lot_id"
    assert not full[1].success and full[1].column == "nope"


def test_not_null_with_severity_and_description(full):
    o = full[2]
    assert (o.success, o.element_count, o.unexpected_count) == (False, 6, 2)
    assert o.unexpected_sample == [None, None]
    assert (o.severity, o.description) == ("warning", "lots are optional upstream")
    assert full[3].severity == "error" and full[3].description is None


def test_in_set(full):
    o = full[3]
    assert (o.success, o.element_count, o.unexpected_count, o.unexpected_sample) == (False, 6, 1, ["GOLD"])


def test_between_dates_and_numbers(full):
    d, q = full[4], full[5]
    assert (d.success, d.unexpected_count) == (False, 2)
    assert _sorted(d.unexpected_sample) == [dt.date(2019, 12, 31), dt.date(2031, 1, 1)]
    assert (q.success, q.unexpected_count) == (False, 1)
    assert [float(v) for v in q.unexpected_sample] == [-1.0]


def test_regex_rewrite(full):
    o = full[6]
    assert o.column == "shipment_id"
    assert (o.success, o.element_count, o.unexpected_count) == (False, 6, 2)
    # the pattern's {3} and the value's quote/braces survive str.format and SQL quoting
    assert _sorted(o.unexpected_sample) == ["SH-{6}'x", "sh 3"]
    assert o.observed_value is None
    n = full[12]  # not_match_regex with a single-quote pattern
    assert (n.success, n.unexpected_count, n.unexpected_sample) == (False, 1, ["SH-{6}'x"])


def test_regex_mostly_and_nulls(db):
    suite = {
        "name": "m",
        "expectations": [
            E("expect_column_values_to_match_regex", column="lot_id", regex="^L[0-9]$"),
            E("expect_column_values_to_match_regex", column="shipment_id", regex="^SH-", mostly=0.5),
            E("expect_column_values_to_match_regex", column="shipment_id", regex="^SH-", mostly=0.9),
        ],
    }
    nulls_ignored, loose, strict = validate(db, "shipments", suite)
    assert (nulls_ignored.success, nulls_ignored.unexpected_count) == (True, 0)
    assert (loose.success, loose.unexpected_count) == (True, 1)  # 1/6 unexpected <= 50 %
    assert (strict.success, strict.unexpected_count) == (False, 1)  # 1/6 > 10 %


def test_unique(full):
    o = full[7]
    assert (o.success, o.element_count, o.unexpected_count) == (False, 6, 2)
    assert o.unexpected_sample == ["SH-004", "SH-004"]


def test_compound_unique(full):
    o = full[8]
    assert o.column == "company_id,shipment_id"
    assert (o.success, o.unexpected_count) == (False, 2)
    assert o.unexpected_sample == [{"company_id": "o'neil", "shipment_id": "SH-004"}] * 2


def test_pair_not_equal_rewrite(full):
    o = full[9]
    assert o.column == "sender_site_id,receiver_site_id"
    assert (o.success, o.element_count, o.unexpected_count) == (False, 6, 2)
    assert _sorted(o.unexpected_sample) == [["S2", "S2"], ["S5", "S5"]]


def test_row_count(full):
    o = full[10]
    assert (o.success, o.observed_value, o.column) == (False, 6, None)


def test_unexpected_rows_expectation(full):
    o = full[11]
    assert (o.success, o.unexpected_count, o.observed_value) == (False, 1, 1)
    assert o.unexpected_sample == [{"id": 3}]


def test_view_relation(db):
    [o] = validate(
        db,
        "shipments_v",
        {"name": "v", "expectations": [E("expect_table_row_count_to_be_between", min_value=6, max_value=6)]},
    )
    assert (o.success, o.observed_value) == (True, 6)


def test_where_filter_single_value_with_quote(db):
    out = validate(db, "shipments", SUITE, where={"company_id": "o'neil"})
    by = {i: o for i, o in enumerate(out)}
    assert [o.exception for o in out] == [None] * len(out)
    assert (by[10].observed_value, by[10].success) == (2, True)
    assert (by[2].element_count, by[2].unexpected_count) == (2, 1)
    assert (by[4].unexpected_count, by[4].unexpected_sample) == (1, [dt.date(2019, 12, 31)])
    assert (by[6].success, by[6].element_count, by[6].unexpected_count) == (True, 2, 0)
    assert (by[7].unexpected_count, by[8].unexpected_count) == (2, 2)
    assert (by[9].unexpected_count, by[9].unexpected_sample) == (1, [["S5", "S5"]])
    assert (by[11].success, by[11].unexpected_count) == (True, 0)
    assert (by[13].unexpected_count, by[13].unexpected_sample) == (1, [{"id": 5}])


def test_where_filter_multiple_columns(db):
    out = validate(db, "shipments", SUITE, where={"company_id": "acme", "unit_code": "t"})
    assert out[10].observed_value == 2
    assert (out[2].unexpected_count, out[9].unexpected_count) == (1, 1)
    assert (out[6].success, out[7].success) == (True, True)


def test_where_filter_integer(db):
    out = validate(db, "shipments", SUITE, where={"id": 3})
    assert out[10].observed_value == 1
    assert (out[6].unexpected_count, out[6].unexpected_sample) == (1, ["sh 3"])
    assert (out[11].unexpected_count, out[11].unexpected_sample) == (1, [{"id": 3}])


def test_where_value_is_data_not_sql(db):
    with pytest.raises(LookupError):
        validate(db, "shipments", SUITE, where={"company_id": "x' OR '1'='1"})


@pytest.mark.parametrize(
    ("relation", "where"),
    [
        ("shipments; DROP TABLE shipments", None),
        ("a.b.c", None),
        ("shipments", {"company_id = 'x' --": "x"}),
        ("shipments", {"company_id": None}),
        ("shipments", {"company_id": ["a"]}),
        ("shipments", {"ship_date": dt.date(2024, 3, 1)}),
        ("shipments", "company_id = 'x'"),
    ],
)
def test_rejects_unsafe_identifiers_and_filters(db, relation, where):
    with pytest.raises((ValueError, TypeError)):
        validate(db, relation, SUITE, where=where)


def test_bad_expectations_are_reported_not_dropped(db):
    suite = {
        "name": "bad",
        "expectations": [
            E("expect_column_values_to_be_frobnicated", column="id"),
            E("expect_column_values_to_not_be_null", column="missing_column"),
            E("expect_column_values_to_not_be_null", column="id"),
        ],
    }
    unknown, missing, ok = validate(db, "shipments", suite)
    assert not unknown.success and "frobnicated" in unknown.exception
    assert not missing.success and missing.exception
    assert ok.success and ok.exception is None and ok.unexpected_count == 0
    with pytest.raises(ValueError, match="severity"):
        validate(
            db,
            "shipments",
            {"name": "s", "expectations": [E("expect_column_to_exist", column="id", meta={"severity": "fatal"})]},
        )


def test_one_read_only_connection_closed_afterwards(db, monkeypatch):
    import duckdb_engine

    opened = []
    real_connect = duckdb_engine.duckdb.connect

    def counting_connect(*args, **kwargs):
        opened.append(kwargs.get("read_only"))
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(duckdb_engine.duckdb, "connect", counting_connect)
    out = validate(db, "shipments", SUITE, where={"company_id": "acme"})
    assert len(out) == len(SUITE["expectations"])
    assert opened == [True], "expected exactly one read-only DuckDB connection per validate()"
    # closed: a read-write connection to the same file can be opened in this process again
    duckdb.connect(str(db)).close()


def test_module_import_does_not_import_gx():
    code = "import sys, pipelines.quality.gx_runner; print('great_expectations' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


# --------------------------------------------------------------------------- GX canaries


def _version(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split(".")[:3] if x.isdigit())


def test_gx_version_is_the_verified_one():
    import great_expectations as gx

    lo, hi = (_version(v) for v in VERIFIED_GX_VERSIONS)
    assert lo <= _version(gx.__version__) < hi, (
        f"great_expectations {gx.__version__} is outside the range gx_runner was verified with "
        f"({VERIFIED_GX_VERSIONS}). Re-check the workarounds in pipelines/quality/gx_runner.py "
        "(see the other test_gx_* canaries), then update VERIFIED_GX_VERSIONS."
    )


def test_gx_internals_the_runner_overrides_still_exist():
    import inspect

    from great_expectations.datasource.fluent.sql_datasource import SQLDatasource
    from great_expectations.execution_engine import sqlalchemy_execution_engine as see

    engine_cls = see.SqlAlchemyExecutionEngine
    src = inspect.getsource(engine_cls.execute_query)
    assert "self.get_connection()" in src, (
        "SqlAlchemyExecutionEngine.execute_query no longer goes through get_connection(); "
        "gx_runner's _PersistentConnectionEngine override would be bypassed"
    )
    assert "self._connection" in inspect.getsource(engine_cls.get_connection), (
        "SqlAlchemyExecutionEngine no longer keeps a persisted connection in _connection"
    )
    assert "duckdb" not in see._PERSISTED_CONNECTION_DIALECTS, (
        "GX now persists connections for duckdb itself: the runner's override may be removable"
    )
    get_ee = inspect.getsource(SQLDatasource.get_execution_engine)
    assert "self._execution_engine" in get_ee, "SQLDatasource no longer caches _execution_engine"
    from great_expectations.datasource.fluent.sources import DataSourceManager

    from pipelines.quality.gx_runner import _gx

    private_cls = _gx()["Datasource"]
    registered = list(DataSourceManager.type_lookup)
    assert private_cls not in registered, (
        "GX registered gx_runner's private datasource subclass as a datasource type "
        "(MetaDatasource no longer skips '_'-prefixed class names)"
    )
    assert SQLDatasource in registered  # sanity: the lookup really holds datasource classes


def test_gx_stock_sql_datasource_still_breaks_on_duckdb(db):
    """Documents WHY the persistent-connection workaround exists: stock GX loses the results."""
    import great_expectations as gx

    from pipelines.quality.gx_runner import _ephemeral_context

    ctx = _ephemeral_context()
    ds = ctx.data_sources.add_sql("stock", connection_string=f"duckdb:///{db}?access_mode=READ_ONLY")
    batch = ds.add_table_asset("t", table_name="shipments").add_batch_definition_whole_table("all").get_batch()
    try:
        r = batch.validate(gx.expectations.ExpectColumnValuesToNotBeNull(column="id"))
        msg = str(r.exception_info)
        assert not r.success and "list index out of range" in msg, (
            "Stock GX SQL datasource now reads DuckDB results correctly (GX fixed the "
            "pooled-connection/streaming-result bug): the persistent-connection workaround in "
            f"gx_runner may be removable. Result: {r.result} {msg[:300]}"
        )
    finally:
        ds.get_engine().dispose()
        ds.get_execution_engine().engine.dispose()


def test_gx_still_has_no_duckdb_regex(db):
    """Documents WHY regex expectations are rewritten: GX's regex metric rejects duckdb."""
    import sqlalchemy as sa
    from great_expectations.expectations.metrics.util import get_dialect_regex_expression

    from pipelines.quality.gx_runner import _make_sa_engine

    engine = _make_sa_engine(db, None)
    try:
        expr = get_dialect_regex_expression(sa.column("x"), "^a", engine.dialect)
    finally:
        engine.dispose()
    assert expr is None, (
        "GX now supports regex on duckdb: the regex rewrite in gx_runner may be replaced by the "
        "native expectation (compare semantics first)"
    )


def test_gx_suite_constructor_keeps_duplicate_domains():
    """gx_runner builds suites via the constructor because add_expectation_configuration upserts."""
    from great_expectations.core import ExpectationSuite
    from great_expectations.expectations import UnexpectedRowsExpectation

    a = UnexpectedRowsExpectation(unexpected_rows_query="SELECT 1 FROM {batch}")
    b = UnexpectedRowsExpectation(unexpected_rows_query="SELECT 2 FROM {batch}")
    assert len(ExpectationSuite(name="s", expectations=[a, b]).expectations) == 2, (
        "ExpectationSuite(expectations=...) now drops/merges expectations with the same domain"
    )
