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
