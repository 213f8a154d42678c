-- Session tables and macros used while staging one file. The loader fills stg_value_map (kind,
-- theirs, ours) from the mapping's `values` for each file; the staging SQL joins it to translate
-- a company's names to our codes (their value itself when it has no entry). stg_choices (kind,
-- value) holds the allowed values of enumerated fields.

CREATE OR REPLACE TEMP TABLE stg_value_map (kind VARCHAR, theirs VARCHAR, ours VARCHAR);
CREATE OR REPLACE TEMP TABLE stg_choices (kind VARCHAR, value VARCHAR);

-- NULL when a code (after mapping) exists; otherwise a message saying how to fix it.
CREATE OR REPLACE TEMP MACRO site_error(field, raw, code) AS (
    CASE WHEN raw IS NOT NULL AND code NOT IN (SELECT site_id FROM ref_sites)
        THEN field || ': unknown site ''' || raw || '''; map it under values.site to a site id'
    END
);
CREATE OR REPLACE TEMP MACRO party_error(field, raw, code) AS (
    CASE WHEN raw IS NOT NULL AND code <> 'external' AND code NOT IN (SELECT site_id FROM ref_sites)
        THEN field || ': unknown party ''' || raw
             || '''; map it under values.site to a site id or to external'
    END
);
CREATE OR REPLACE TEMP MACRO choice_error(field, raw, code) AS (
    CASE WHEN raw IS NOT NULL AND code NOT IN (SELECT value FROM stg_choices WHERE kind = field)
        THEN field || ': ''' || raw || ''' is not one of '
             || (SELECT string_agg(value, ', ' ORDER BY value) FROM stg_choices WHERE kind = field)
             || '; map it under values.' || field
    END
);
CREATE OR REPLACE TEMP MACRO operation_error(raw, code) AS (
    CASE WHEN raw IS NOT NULL AND code NOT IN (SELECT code FROM ref_operations)
        THEN 'operation: unknown R/D code ''' || raw || '''; map it under values.operation'
    END
);
-- Site id for a party field: NULL for an external party.
CREATE OR REPLACE TEMP MACRO party_site(code) AS CASE WHEN code <> 'external' THEN code END;

-- NULL when a (known) site belongs to the exporting company; else a message. Unknown sites are
-- reported by site_error.
CREATE OR REPLACE TEMP MACRO own_site_error(field, code, company) AS (
    CASE WHEN code IN (SELECT site_id FROM ref_sites)
          AND code NOT IN (SELECT site_id FROM ref_sites WHERE company_id = company)
        THEN field || ': ' || code || ' belongs to '
             -- an uncorrelated map look-up: a correlated subquery here made DuckDB materialise every row
             || (SELECT map_from_entries(list((site_id, company_id))) FROM ref_sites)[code]
             || ', not to the exporting company ' || company
    END
);

-- NULL when a date lies between 1990-01-01 and today; else a message.
CREATE OR REPLACE TEMP MACRO date_range_error(field, d) AS (
    CASE
        WHEN d > current_date THEN field || ': ' || strftime(d, '%Y-%m-%d') || ' is in the future'
        WHEN d < DATE '1990-01-01' THEN field || ': ' || strftime(d, '%Y-%m-%d') || ' is before 1990'
    END
);

-- NULL when a sending and a receiving site differ (or either is external); else a message.
CREATE OR REPLACE TEMP MACRO same_site_error(field, a, b) AS (
    CASE WHEN a = b THEN field || ': ' || a || ' sends to itself' END
);

-- NULL for a lot id of letters, digits and . _ / : - (at most 64, starting with a letter or digit).
CREATE OR REPLACE TEMP MACRO lot_error(field, v) AS (
    CASE WHEN v IS NOT NULL AND NOT regexp_full_match(v, '[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}')
        THEN field || ': ''' || v || ''' is not a lot id (letters, digits and . _ / : -, at most 64)'
    END
);
