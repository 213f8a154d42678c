-- Parsing of text exported in a company's dialect. Values arrive as VARCHAR; these macros turn them
-- into typed values or NULL, so that a failure becomes a message on the row, never a guess.

-- A cell's text without surrounding spaces, NULL when blank. Applied once to every field when a
-- file is staged, so the other macros and the staging SQL need not trim. (The LIKE test skips the
-- allocation trim() makes for the usual, already clean value: half the cost on 1M rows.)
CREATE OR REPLACE MACRO clean_text(v) AS (
    CASE WHEN v LIKE ' %' OR v LIKE '% ' THEN nullif(trim(v), '') ELSE v END
);

-- A number written with the given decimal separator (',' or '.') and thousands separator ('' for
-- none; ' ' also accepts a no-break space). NULL when the text is not exactly such a number.
CREATE OR REPLACE MACRO parse_number(v, dec, thou) AS (
    CASE
        WHEN regexp_full_match(
            replace(replace(v, thou, ''), CASE WHEN thou = ' ' THEN chr(160) ELSE thou END, ''),
            CASE WHEN dec = ',' THEN '[+-]?[0-9]+(,[0-9]+)?' ELSE '[+-]?[0-9]+(\.[0-9]+)?' END)
        THEN CAST(replace(
            replace(replace(v, thou, ''), CASE WHEN thou = ' ' THEN chr(160) ELSE thou END, ''),
            dec, '.') AS DOUBLE)
    END
);

-- A date in the given strptime format, or an Excel serial day number when fmt = 'excel_serial'
-- (day 1 = 1900-01-01, with Excel's phantom 29 Feb 1900, hence the 1899-12-30 epoch).
CREATE OR REPLACE MACRO parse_date(v, fmt) AS (
    CASE
        WHEN fmt = 'excel_serial' THEN
            CASE WHEN regexp_full_match(v, '[0-9]{1,7}(\.[0-9]+)?')
                  AND CAST(v AS DOUBLE) BETWEEN 1 AND 2958465
                THEN DATE '1899-12-30' + CAST(floor(CAST(v AS DOUBLE)) AS INTEGER)
            END
        ELSE CAST(try_strptime(v, fmt) AS DATE)
    END
);

-- A message for a field that failed to parse, or NULL when it parsed (or was empty).
CREATE OR REPLACE MACRO parse_error(field, raw, parsed, expected) AS (
    CASE WHEN raw IS NOT NULL AND parsed IS NULL
        THEN field || ': ' || '''' || raw || ''' is not ' || expected
    END
);

-- A message for a required field with no value, or NULL.
CREATE OR REPLACE MACRO missing_error(field, raw) AS (
    CASE WHEN raw IS NULL THEN field || ': required value is empty' END
);
