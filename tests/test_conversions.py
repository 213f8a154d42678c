"""Unit conversions and parsing, run through the same SQL macros the loader uses.

Check values from the domain notes: loose chips to solid volume, moisture to dry mass, and the
as-received heating value q_ar = q_dry (1 - w) - 2.443 w (EN ISO 18125 form) with q_dry = 19.1 MJ/kg.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines.core.sql import run_sql


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    run_sql(con, "macros/parse")
    run_sql(con, "macros/quantity")
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, expr: str, *params: object) -> object:
    return con.execute(f"SELECT {expr}", list(params)).fetchone()[0]


def test_as_received_heating_value_check_values(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "round(q_ar_mj_per_kg(?, ?), 2)", 19.1, 0.45) == 9.41
    assert one(con, "round(q_ar_mj_per_kg(?, ?), 2)", 19.1, 0.55) == 7.25
    # 7.25 MJ/kg = 2.01 MWh per green tonne (1 MWh = 3600 MJ): 1 green t at w = 0.55 is 0.45 t dry
    assert one(con, "round(wood_mwh(?, ?, ?), 2)", 0.45, 0.55, 19.1) == 2.01


def test_loose_chips_to_solid_and_dry(con: duckdb.DuckDBPyConnection) -> None:
    # 100 loose m3 of chips * 0.40 m3 solid per loose m3 = 40 m3 solid; basic density 400 -> 16 t dry
    dry = one(con, "wood_dry_t(100, 'loose_volume', 0.45, 400, 0.40, NULL, 19.1)")
    assert dry == pytest.approx(16.0)
    assert one(con, "wood_solid_m3(?, 400)", dry) == pytest.approx(40.0)


def test_moisture_to_dry_mass(con: duckdb.DuckDBPyConnection) -> None:
    # dry mass = green mass * (1 - w): 10 green t at w = 0.45 -> 5.5 t dry
    assert one(con, "wood_dry_t(10, 'wet_mass', 0.45, 400, NULL, NULL, 19.1)") == pytest.approx(5.5)
    assert one(con, "wood_dry_t(10, 'dry_mass', 0.45, 400, NULL, NULL, 19.1)") == pytest.approx(10.0)


def test_stacked_and_solid_volume(con: duckdb.DuckDBPyConnection) -> None:
    # 1 stacked m3 softwood = 0.65 m3 solid (ETA); spruce 385 kg/m3 -> 0.25025 t dry
    assert one(con, "wood_dry_t(1, 'stacked_volume', 0.5, 385, NULL, 0.65, 19.1)") == pytest.approx(0.25025)
    assert one(con, "wood_dry_t(1, 'solid_volume', 0.5, 385, NULL, NULL, 19.1)") == pytest.approx(0.385)


def test_energy_to_dry_mass_round_trips(con: duckdb.DuckDBPyConnection) -> None:
    # 2.0143 MWh is the energy of 1 green t at w = 0.55 -> 0.45 t dry
    mwh = one(con, "wood_mwh(0.45, 0.55, 19.1)")
    assert one(con, "wood_dry_t(?, 'energy', 0.55, 400, NULL, NULL, 19.1)", mwh) == pytest.approx(0.45)


@pytest.mark.parametrize(
    ("text", "dec", "thou", "expected"),
    [
        ("1 234,5", ",", " ", 1234.5),
        ("1\u00a0234,5", ",", " ", 1234.5),  # Excel's no-break space as thousands separator
        ("1.234,5", ",", ".", 1234.5),
        ("1,234.5", ".", ",", 1234.5),
        (" -12,75 ", ",", "", -12.75),
        ("12.5", ",", "", None),  # decimal point in a decimal-comma file is refused, not guessed
        ("12,5", ".", "", None),
        ("12,3,4", ",", "", None),
        ("1e5", ".", "", None),
        ("", ",", "", None),
        ("   ", ",", "", None),
    ],
)
def test_parse_number(con: duckdb.DuckDBPyConnection, text: str, dec: str, thou: str, expected: float | None) -> None:
    assert one(con, "parse_number(clean_text(?), ?, ?)", text, dec, thou) == expected


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("31.01.2025", "%d.%m.%Y", dt.date(2025, 1, 31)),
        ("31.02.2025", "%d.%m.%Y", None),
        ("2025-01-31", "%d.%m.%Y", None),
        ("2025-01-31", "%Y-%m-%d", dt.date(2025, 1, 31)),
        ("31.01.2025 06:30", "%d.%m.%Y %H:%M", dt.date(2025, 1, 31)),
        ("45665", "excel_serial", dt.date(2025, 1, 8)),
        ("45665.75", "excel_serial", dt.date(2025, 1, 8)),
        ("0", "excel_serial", None),
        ("08.01.2025", "excel_serial", None),
    ],
)
def test_parse_date(con: duckdb.DuckDBPyConnection, text: str, fmt: str, expected: dt.date | None) -> None:
    assert one(con, "parse_date(clean_text(?), ?)", text, fmt) == expected


def test_reference_rows_all_cite_a_source() -> None:
    con = duckdb.connect()
    from pipelines.core.settings import REFERENCE_DIR

    for name in ("materials", "units", "operations", "roles"):
        missing = con.execute(
            "SELECT count(*) FROM read_csv(?, header = true, all_varchar = true) WHERE coalesce(trim(source), '') = ''",
            [str(REFERENCE_DIR / f"{name}.csv")],
        ).fetchone()[0]
        assert missing == 0, name


def test_reference_codes_have_their_official_shapes() -> None:
    from pipelines.core.settings import REFERENCE_DIR

    con = duckdb.connect()
    materials = str(REFERENCE_DIR / "materials.csv")
    bad_low = con.execute(
        r"SELECT code, low_code FROM read_csv(?, header = true, all_varchar = true) "
        r"WHERE low_code IS NOT NULL AND NOT regexp_full_match(low_code, '\d{2} \d{2} \d{2}\*?')", [materials]
    ).fetchall()
    bad_hs = con.execute(
        r"SELECT code, hs_code FROM read_csv(?, header = true, all_varchar = true) "
        r"WHERE hs_code IS NOT NULL AND NOT regexp_full_match(hs_code, '\d{4}( \d{2})?')", [materials]
    ).fetchall()
    bad_ops = con.execute(
        r"SELECT code FROM read_csv(?, header = true, all_varchar = true) "
        r"WHERE NOT regexp_full_match(code, '[RD]\d{1,2}')",
        [str(REFERENCE_DIR / "operations.csv")],
    ).fetchall()
    assert (bad_low, bad_hs, bad_ops) == ([], [], [])
