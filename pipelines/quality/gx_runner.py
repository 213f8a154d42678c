"""Run a Great Expectations suite against one DuckDB table/view and return plain results.

Public API: :func:`validate` and :class:`ExpectationOutcome`.

Great Expectations (GX) is imported lazily inside :func:`validate` (it takes seconds to import),
so importing this module is cheap.

Every workaround of GX internals lives in this module (see ``tests/test_gx_runner.py`` for the
canaries that fail when GX changes underneath them):

1. **One persistent DuckDB connection.**  GX's ``SqlAlchemyExecutionEngine.execute_query`` runs
   ``with self.get_connection() as c: result = c.execute(q)`` and only *then* fetches ``result``.
   For dialects other than those in ``_PERSISTED_CONNECTION_DIALECTS`` (sqlite, mssql, ...)
   ``get_connection`` is ``with engine.connect()``, so the connection is closed (its transaction
   rolled back) before the fetch.  DuckDB 2 streams results: the rollback invalidates the pending
   result, ``fetchall()`` returns ``[]`` and every bundled metric dies with ``IndexError`` in
   ``resolve_metric_bundle``.  We therefore give GX our own datasource subclass
   (``_SidestreamDuckDBDatasource``; the leading underscore keeps GX's ``MetaDatasource`` from
   registering it as a new datasource *type*) whose ``get_engine``/``get_execution_engine``
   return one SQLAlchemy engine on a ``StaticPool`` (one DuckDB connection, opened read-only) and
   an execution-engine subclass whose ``get_connection`` yields one persistent SQLAlchemy
   connection for the whole run.  Nothing global in GX is patched.

2. **Regex on DuckDB.**  GX's ``column_values.match_regex`` has no DuckDB implementation
   (``NotImplementedError: Regex is not supported for dialect duckdb``).
   ``expect_column_values_to_match_regex`` / ``..._not_match_regex`` are rewritten to an
   ``UnexpectedRowsExpectation`` using DuckDB's ``regexp_matches`` (GX semantics: the pattern may
   match anywhere in the value, nulls are ignored; note DuckDB uses RE2 syntax, so no
   look-around/back-references).  ``expect_column_pair_values_to_not_be_equal`` does not exist in
   GX 1.x and is rewritten the same way.  The outcome keeps the shape of a column-map expectation.
   ``UnexpectedRowsExpectation`` substitutes ``{batch}`` with ``str.format``, so every literal
   brace we generate is doubled.

3. **The where-filter.**  ``where={"company_id": "x"}`` becomes a GX column-value partitioner
   (``PartitionerColumnValue``/``PartitionerMultiColumnValue``) plus batch parameters: GX's own
   metric queries carry the value as a bound parameter.  For ``UnexpectedRowsExpectation``
   queries (user-supplied ones and our rewrites) GX itself renders the batch as SQL text with
   SQLAlchemy's ``literal_binds`` (quote-doubling by the DuckDB dialect); we never format a filter
   value into SQL ourselves, and we restrict the values to ``str``/``int`` (GX 1.24 never
   matches a ``datetime.date`` batch parameter).  ``add_batch_definition(...,
   validate_partitioner=False)`` is needed because GX only "validates" date partitioners for SQL.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SUPPORTED_EXPECTATIONS", "VERIFIED_GX_VERSIONS", "ExpectationOutcome", "validate"]

#: GX versions this module's workarounds were verified against (inclusive lower, exclusive upper).
VERIFIED_GX_VERSIONS = ("1.24.1", "1.25")

#: Expectation types that were verified through this runner (others are passed to GX as-is).
SUPPORTED_EXPECTATIONS = frozenset(
    {
        "expect_column_to_exist",
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_column_pair_values_to_not_be_equal",
        "expect_table_row_count_to_be_between",
        "unexpected_rows_expectation",
    }
)

_REGEX_TYPES = {
    "expect_column_values_to_match_regex": False,  # value -> negate? (unexpected = NOT matches)
    "expect_column_values_to_not_match_regex": True,  # unexpected = matches
}
_PAIR_NOT_EQUAL = "expect_column_pair_values_to_not_be_equal"
_URE = "unexpected_rows_expectation"
_INDEX_KEY = "_sidestream_index"
_SEVERITIES = ("error", "warning")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# GX matches batch parameters against the distinct values it discovers; verified for str and int
# (a datetime.date value never matches in GX 1.24, floats compare inexactly).
_SCALARS = (str, int)


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str  # GX expectation type, snake_case
    column: str | None  # column, "a,b" for pairs / compound, None for table-level
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_sample: list  # up to `sample_size` unexpected values (may be empty)
    observed_value: object | None  # for table / aggregate expectations
    severity: str  # meta["severity"]: "error" (default) or "warning"
    description: str | None  # meta["description"]
    exception: str | None  # GX raised for this expectation (then success=False)


# --------------------------------------------------------------------------- input checks


def _check_ident(name: str, what: str) -> str:
    if not isinstance(name, str) or not _IDENT.match(name):
        raise ValueError(f"{what} must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*), got {name!r}")
    return name


def _split_relation(relation: str) -> tuple[str | None, str]:
    parts = relation.split(".") if isinstance(relation, str) else [relation]
    if len(parts) > 2:
        raise ValueError(f"relation must be 'table' or 'schema.table', got {relation!r}")
    for p in parts:
        _check_ident(p, "relation part")
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def _check_where(where: Mapping[str, Any] | None) -> dict[str, Any]:
    if where is None:
        return {}
    if not isinstance(where, Mapping):
        raise TypeError(
            "where must be a mapping {column: value} (equality filters, AND-ed); "
            "SQL text is not accepted so that values are never formatted into SQL"
        )
    out: dict[str, Any] = {}
    for col, value in where.items():
        _check_ident(col, "where column")
        if not isinstance(value, _SCALARS) or isinstance(value, bool):
            raise ValueError(f"where[{col!r}] must be a str or int, got {value!r}")
        out[col] = value
    return out


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string_literal(text: str) -> str:
    # DuckDB string literals: standard SQL, only the single quote needs doubling.
    return "'" + text.replace("'", "''") + "'"


def _brace_escape(sql: str) -> str:
    # UnexpectedRowsExpectation fills {batch} with str.format: literal braces must be doubled.
    return sql.replace("{", "{{").replace("}", "}}")


# --------------------------------------------------------------------------- suite parsing


@dataclass
class _Spec:
    index: int
    type: str
    kwargs: dict
    meta: dict
    severity: str
    description: str | None
    column: str | None
    kind: str  # "native" | "ure" | "regex" | "pair_ne"


def _column_label(kwargs: Mapping[str, Any]) -> str | None:
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_A" in kwargs and "column_B" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(str(c) for c in kwargs["column_list"])
    return None


def _parse_suite(suite: Mapping[str, Any]) -> list[_Spec]:
    if not isinstance(suite, Mapping) or not isinstance(suite.get("expectations"), Sequence):
        raise ValueError("suite must be a dict with an 'expectations' list (GX 1.x suite JSON shape)")
    specs: list[_Spec] = []
    for i, exp in enumerate(suite["expectations"]):
        etype = exp.get("type") or exp.get("expectation_type")
        if not isinstance(etype, str):
            raise ValueError(f"expectation #{i} has no 'type'")
        kwargs = dict(exp.get("kwargs") or {})
        kwargs.pop("batch_id", None)
        meta = dict(exp.get("meta") or {})
        severity = meta.get("severity", "error")
        if severity not in _SEVERITIES:
            raise ValueError(f"expectation #{i} ({etype}): meta.severity must be one of {_SEVERITIES}")
        desc = meta.get("description", exp.get("description"))
        if etype in _REGEX_TYPES:
            kind = "regex"
            _check_ident(kwargs.get("column"), f"expectation #{i} ({etype}) column")
            if not isinstance(kwargs.get("regex"), str):
                raise ValueError(f"expectation #{i} ({etype}) needs a string 'regex'")
        elif etype == _PAIR_NOT_EQUAL:
            kind = "pair_ne"
            _check_ident(kwargs.get("column_A"), f"expectation #{i} ({etype}) column_A")
            _check_ident(kwargs.get("column_B"), f"expectation #{i} ({etype}) column_B")
        elif etype == _URE:
            kind = "ure"
            if not isinstance(kwargs.get("unexpected_rows_query"), str):
                raise ValueError(f"expectation #{i} ({etype}) needs 'unexpected_rows_query'")
        else:
            kind = "native"
        specs.append(
            _Spec(
                i, etype, kwargs, meta, severity, desc if isinstance(desc, str) else None, _column_label(kwargs), kind
            )
        )
    return specs


def _rewrite_query(spec: _Spec) -> str:
    """SELECT returning the unexpected rows for a rewritten expectation (braces escaped)."""
    if spec.kind == "regex":
        col = _quote_ident(spec.kwargs["column"])
        negate = "" if _REGEX_TYPES[spec.type] else "NOT "
        pattern = _sql_string_literal(spec.kwargs["regex"])
        sql = (
            f"SELECT {col} AS v FROM {{batch}} WHERE {col} IS NOT NULL AND "
            f"{negate}regexp_matches(CAST({col} AS VARCHAR), {_brace_escape(pattern)})"
        )
        return sql
    if spec.kind == "pair_ne":
        a, b = _quote_ident(spec.kwargs["column_A"]), _quote_ident(spec.kwargs["column_B"])
        return f"SELECT {a} AS a, {b} AS b FROM {{batch}} WHERE {a} = {b}"
    raise AssertionError(spec.kind)


# --------------------------------------------------------------------------- GX plumbing


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


@functools.cache
def _gx() -> dict[str, Any]:
    """Import GX lazily and build the (cached) subclasses that hold our workarounds."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    import sqlalchemy as sa
    from great_expectations.compatibility import pydantic
    from great_expectations.core import ExpectationSuite
    from great_expectations.core.partitioners import (
        PartitionerColumnValue,
        PartitionerMultiColumnValue,
    )
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.datasource.fluent.sql_datasource import SQLDatasource
    from great_expectations.execution_engine import SqlAlchemyExecutionEngine
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    lo, hi = (_version_tuple(v) for v in VERIFIED_GX_VERSIONS)
    if not (lo <= _version_tuple(gx.__version__) < hi):
        warnings.warn(
            f"pipelines.quality.gx_runner was verified with great_expectations "
            f">={VERIFIED_GX_VERSIONS[0]},<{VERIFIED_GX_VERSIONS[1]}; found {gx.__version__}. "
            "Run tests/test_gx_runner.py before trusting its results.",
            RuntimeWarning,
            stacklevel=3,
        )
    for owner, attr in (
        (SqlAlchemyExecutionEngine, "get_connection"),
        (SqlAlchemyExecutionEngine, "execute_query"),
        (SQLDatasource, "get_engine"),
        (SQLDatasource, "get_execution_engine"),
    ):
        if not callable(getattr(owner, attr, None)):
            raise RuntimeError(
                f"great_expectations {gx.__version__}: {owner.__name__}.{attr} is gone; "
                "the persistent-connection workaround in pipelines/quality/gx_runner.py needs updating"
            )

    class _PersistentConnectionEngine(SqlAlchemyExecutionEngine):
        """Execution engine that runs every query on ONE SQLAlchemy connection (workaround 1)."""

        @contextlib.contextmanager
        def get_connection(self):  # type: ignore[override]
            if self._connection is None:
                self._connection = self.engine.connect()
            try:
                yield self._connection
            except Exception:
                # DuckDB aborts the transaction on a failed query and refuses every later one until a
                # rollback ("Current transaction is aborted"); GX only recovers from SQLAlchemy's
                # PendingRollbackError, so one bad expectation would fail all the others.
                with contextlib.suppress(Exception):
                    self._connection.rollback()
                raise

        def close_persistent(self) -> None:
            if self._connection is not None:
                with contextlib.suppress(Exception):
                    self._connection.rollback()
                self._connection.close()
                self._connection = None

    # Name starts with "_" so GX's MetaDatasource does not register a new datasource type.
    class _SidestreamDuckDBDatasource(SQLDatasource):
        _sidestream_engine: Any = pydantic.PrivateAttr(None)

        def get_engine(self):  # type: ignore[override]
            return self._sidestream_engine

        def get_execution_engine(self):  # type: ignore[override]
            if self._execution_engine is None:
                self._execution_engine = _PersistentConnectionEngine(
                    name=self.name, engine=self._sidestream_engine, create_temp_table=False
                )
            return self._execution_engine

    return {
        "gx": gx,
        "sa": sa,
        "ExpectationSuite": ExpectationSuite,
        "ExpectationConfiguration": ExpectationConfiguration,
        "PartitionerColumnValue": PartitionerColumnValue,
        "PartitionerMultiColumnValue": PartitionerMultiColumnValue,
        "DataContextConfig": DataContextConfig,
        "InMemoryStoreBackendDefaults": InMemoryStoreBackendDefaults,
        "ProgressBarsConfig": ProgressBarsConfig,
        "Datasource": _SidestreamDuckDBDatasource,
        "Engine": _PersistentConnectionEngine,
    }


def _make_sa_engine(database: Path, duckdb_config: Mapping[str, Any] | None):
    """One SQLAlchemy engine holding exactly one read-only DuckDB connection (StaticPool)."""
    g = _gx()
    sa = g["sa"]
    connect_args: dict[str, Any] = {"read_only": True}
    if duckdb_config:
        connect_args["config"] = dict(duckdb_config)
    try:
        url = sa.engine.URL.create("duckdb", database=str(database))
        return sa.create_engine(url, connect_args=connect_args, poolclass=sa.pool.StaticPool)
    except Exception as exc:  # NoSuchModuleError when duckdb-engine is missing
        raise RuntimeError("SQLAlchemy cannot load the 'duckdb' dialect: install duckdb-engine") from exc


def _ephemeral_context():
    g = _gx()
    config = g["DataContextConfig"](
        store_backend_defaults=g["InMemoryStoreBackendDefaults"](),
        analytics_enabled=False,
        progress_bars=g["ProgressBarsConfig"](globally=False),
    )
    return g["gx"].get_context(mode="ephemeral", project_config=config)


def _exception_text(exception_info: Any) -> str | None:
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    msgs = [
        str(i.get("exception_message") or "exception")
        for i in infos
        if isinstance(i, Mapping) and i.get("raised_exception")
    ]
    return "; ".join(dict.fromkeys(msgs)) or None


def _plain(value: Any) -> Any:
    """Make GX/SQLAlchemy values plain Python (rows -> dict, tuples -> list)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- public API


def validate(
    database: Path | str,
    relation: str,
    suite: Mapping[str, Any],
    *,
    where: Mapping[str, Any] | None = None,
    sample_size: int = 10,
    duckdb_config: Mapping[str, Any] | None = None,
) -> list[ExpectationOutcome]:
    """Validate ``relation`` in the DuckDB file ``database`` against a GX 1.x suite dict.

    ``where`` is an optional ``{column: value}`` equality filter (AND-ed), e.g.
    ``{"company_id": "acme"}``; only rows matching it are validated.  Outcomes are returned in
    suite order.  ``duckdb_config`` is passed to ``duckdb.connect(config=...)``, e.g.
    ``{"memory_limit": "1GB", "threads": 2}`` to bound memory (DuckDB spills large
    aggregations to its temp directory).

    Raises ``ValueError``/``TypeError`` for a malformed suite, relation or filter, ``LookupError``
    when ``where`` matches no row, and GX/DuckDB errors for a missing relation; a failure of one
    expectation (unknown type, bad kwargs, missing column, SQL error) is reported in its
    outcome's ``exception`` with ``success=False``.
    """
    database = Path(database)
    schema, table = _split_relation(relation)
    filters = _check_where(where)
    specs = _parse_suite(suite)
    if not database.is_file():
        raise FileNotFoundError(database)
    if sample_size < 0:
        raise ValueError("sample_size must be >= 0")

    g = _gx()
    sa_engine = _make_sa_engine(database, duckdb_config)
    datasource = None
    try:
        context = _ephemeral_context()
        datasource = g["Datasource"](name="sidestream_duckdb", connection_string="duckdb:///sidestream")
        datasource._sidestream_engine = sa_engine
        datasource = context.data_sources.add_sql(datasource=datasource)
        asset = datasource.add_table_asset(name=table, table_name=table, schema_name=schema)
        if not filters:
            batch_definition = asset.add_batch_definition_whole_table("all_rows")
        elif len(filters) == 1:
            batch_definition = asset.add_batch_definition(
                "filtered",
                partitioner=g["PartitionerColumnValue"](column_name=next(iter(filters))),
                validate_partitioner=False,
            )
        else:
            batch_definition = asset.add_batch_definition(
                "filtered",
                partitioner=g["PartitionerMultiColumnValue"](column_names=list(filters)),
                validate_partitioner=False,
            )
        try:
            batch = batch_definition.get_batch(batch_parameters=filters or None)
        except Exception as exc:
            if filters and type(exc).__name__ == "NoAvailableBatchesError":
                raise LookupError(f"no rows of {relation} match where={filters!r}") from exc
            raise

        results: dict[int, ExpectationOutcome] = {}
        native = [s for s in specs if s.kind == "native"]
        queries = [s for s in specs if s.kind != "native"]
        if native:
            _run_native(g, batch, native, sample_size, results)
        if queries:
            _run_queries(g, batch, queries, sample_size, results, schema, table, filters)
        return [results[s.index] for s in specs]
    finally:
        if datasource is not None:
            ee = datasource._execution_engine
            if ee is not None and hasattr(ee, "close_persistent"):
                ee.close_persistent()
        sa_engine.dispose()


def _build_suite(g: dict, name: str, configs: list[tuple[_Spec, str, dict]], out: dict):
    """Build a suite; an expectation GX refuses to build becomes an outcome with ``exception``.

    The ``ExpectationSuite`` constructor is used (not ``add_expectation*``, which upserts by
    domain and would silently merge e.g. two ``UnexpectedRowsExpectation``s); each configuration
    is converted first because the constructor logs and *drops* invalid ones.
    """
    expectations = []
    for spec, etype, kwargs in configs:
        meta = {**spec.meta, _INDEX_KEY: spec.index}
        try:
            cfg = g["ExpectationConfiguration"](type=etype, kwargs=kwargs, meta=meta)
            expectations.append(cfg.to_domain_obj())
        except Exception as exc:  # unknown type, bad kwargs
            out[spec.index] = ExpectationOutcome(
                expectation=spec.type,
                column=spec.column,
                success=False,
                element_count=None,
                unexpected_count=None,
                unexpected_sample=[],
                observed_value=None,
                severity=spec.severity,
                description=spec.description,
                exception=f"{type(exc).__name__}: {exc}",
            )
    suite = g["ExpectationSuite"](name=name, expectations=expectations)
    if len(suite.expectations) != len(expectations):
        raise RuntimeError("GX dropped expectations while building the suite")
    return suite


def _results_by_index(validation) -> dict[int, Any]:
    return {r.expectation_config.meta[_INDEX_KEY]: r for r in validation.results}


def _run_native(g, batch, specs: list[_Spec], sample_size: int, out: dict) -> None:
    suite = _build_suite(g, "sidestream_native", [(s, s.type, s.kwargs) for s in specs], out)
    specs = [s for s in specs if s.index not in out]
    if not specs:
        return
    validation = batch.validate(
        suite, result_format={"result_format": "BASIC", "partial_unexpected_count": sample_size}
    )
    by_index = _results_by_index(validation)
    for s in specs:
        r = by_index[s.index]
        res = r.result or {}
        exc = _exception_text(r.exception_info)
        out[s.index] = ExpectationOutcome(
            expectation=s.type,
            column=s.column,
            success=bool(r.success) and exc is None,
            element_count=res.get("element_count"),
            unexpected_count=res.get("unexpected_count"),
            unexpected_sample=_plain(list(res.get("partial_unexpected_list") or [])[:sample_size]),
            observed_value=_plain(res.get("observed_value")),
            severity=s.severity,
            description=s.description,
            exception=exc,
        )


def _batch_counts(g, batch, schema, table, filters, columns: list[str]) -> tuple[int, dict[str, int]]:
    """count(*) and count(col) of the batch, with filter values bound as parameters."""
    sa = g["sa"]
    ee = batch.data.execution_engine
    tbl = sa.table(table, *(sa.column(c) for c in columns), schema=schema)
    cols = [sa.func.count().label("n")] + [sa.func.count(tbl.c[c]).label(f"c{i}") for i, c in enumerate(columns)]
    query = sa.select(*cols).select_from(tbl)
    for col, value in filters.items():
        query = query.where(sa.column(col) == sa.bindparam(None, value))
    row = ee.execute_query(query).fetchall()[0]
    return int(row[0]), {c: int(row[i + 1]) for i, c in enumerate(columns)}


def _run_queries(g, batch, specs, sample_size, out, schema, table, filters) -> None:
    """UnexpectedRowsExpectation-based checks: user ones and our rewrites (workaround 2)."""
    configs = []
    for s in specs:
        if s.kind == "ure":
            configs.append((s, _URE, {"unexpected_rows_query": s.kwargs["unexpected_rows_query"]}))
        else:
            configs.append((s, _URE, {"unexpected_rows_query": _rewrite_query(s)}))
    suite = _build_suite(g, "sidestream_queries", configs, out)
    specs = [s for s in specs if s.index not in out]
    if not specs:
        return
    # COMPLETE is needed to get row details for this expectation; GX caps them (fetchmany).
    validation = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    by_index = _results_by_index(validation)

    rewritten = [s for s in specs if s.kind != "ure"]
    n_rows, nonnull = 0, {}
    if rewritten:
        cols = sorted({s.kwargs["column"] for s in rewritten if s.kind == "regex"})
        n_rows, nonnull = _batch_counts(g, batch, schema, table, filters, cols)

    for s in specs:
        r = by_index[s.index]
        res = r.result or {}
        exc = _exception_text(r.exception_info)
        observed = res.get("observed_value")
        rows = list((res.get("details") or {}).get("unexpected_rows") or [])[:sample_size]
        if s.kind == "ure":
            out[s.index] = ExpectationOutcome(
                expectation=s.type,
                column=s.column,
                success=bool(r.success) and exc is None,
                element_count=None,
                unexpected_count=observed,
                unexpected_sample=[_plain(dict(row)) for row in rows],
                observed_value=observed,
                severity=s.severity,
                description=s.description,
                exception=exc,
            )
            continue
        if s.kind == "regex":
            sample = [row["v"] for row in rows]
            base = nonnull[s.kwargs["column"]]
        else:  # pair_ne
            sample = [[row["a"], row["b"]] for row in rows]
            base = n_rows
        success = False
        if exc is None and isinstance(observed, int):
            mostly = s.kwargs.get("mostly", 1.0)
            success = observed == 0 or (base > 0 and observed / base <= 1.0 - float(mostly) + 1e-12)
        out[s.index] = ExpectationOutcome(
            expectation=s.type,
            column=s.column,
            success=success,
            element_count=n_rows,
            unexpected_count=observed if exc is None else None,
            unexpected_sample=_plain(sample),
            observed_value=None,
            severity=s.severity,
            description=s.description,
            exception=exc,
        )
