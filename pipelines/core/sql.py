"""Loading and running the SQL files under `sql/`.

SQL lives in files; Python only picks a file, fills in identifiers chosen from fixed registries
(never from input data) and binds every value as a parameter.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@cache
def sql_text(name: str) -> str:
    """The text of `sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def identifier(name: str) -> str:
    """A safe SQL identifier for a name from one of our registries."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def quote_identifier(name: str) -> str:
    """Quote an arbitrary column name (e.g. a company's header) as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def run_sql(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    fragments: dict[str, str] | None = None,
    **identifiers: str,
) -> list[tuple]:
    """Run every statement of `sql/<name>.sql`; returns the rows of the last one.

    Each statement gets only the named parameters it uses, since DuckDB binds parameters per
    statement. `{placeholders}` are filled by `fragments` (the text of another SQL file, by name)
    or by `identifiers` (which must be plain identifiers).
    """
    text = sql_text(name)
    for key, other in (fragments or {}).items():
        text = text.replace("{" + key + "}", sql_text(other))
    for key, value in identifiers.items():
        text = text.replace("{" + key + "}", identifier(value))
    params = params or {}
    rows: list[tuple] = []
    for statement in con.extract_statements(text):
        query = statement.query
        used = {p: params[p] for p in dict.fromkeys(_PARAM.findall(_strip_comments(query)))}
        rows = con.execute(query, used or None).fetchall()
    return rows


def _strip_comments(query: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in query.splitlines())


def query_sql(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> tuple[list[str], list[tuple]]:
    """Run the single SELECT in `sql/<name>.sql`; returns (column names, rows)."""
    result = con.execute(sql_text(name), params or None)
    columns = [d[0] for d in result.description]
    return columns, result.fetchall()
