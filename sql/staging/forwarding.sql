-- Typed forwarded partial loads from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
-- A mass is derived or weighed: one without the other is reported, never guessed.
SELECT
    r._row AS source_row,
    r.load_id AS load_id,
    r.partial_load_id AS partial_load_id,
    coalesce(v_site.ours, r.site) AS site_id,
    parse_date(r.unloading_date, $date_format) AS unloading_date,
    r.object_key AS object_key,
    r.object_name AS object_name,
    r.location_name AS location_name,
    r.delivery_name AS delivery_name,
    parse_number(r.mass_t, $decimal, $thousands) AS mass_t,
    coalesce(v_mass_source.ours, r.mass_source) AS mass_source,
    [e for e in [
        missing_error('load_id', r.load_id),
        missing_error('partial_load_id', r.partial_load_id),
        missing_error('site', r.site),
        site_error('site', r.site, coalesce(v_site.ours, r.site)),
        own_site_error('site', coalesce(v_site.ours, r.site), $company_id),
        missing_error('unloading_date', r.unloading_date),
        parse_error('unloading_date', r.unloading_date, parse_date(r.unloading_date, $date_format),
                    'a date in ' || $date_name),
        date_range_error('unloading_date', parse_date(r.unloading_date, $date_format)),
        missing_error('object_key', r.object_key),
        parse_error('mass_t', r.mass_t, parse_number(r.mass_t, $decimal, $thousands),
                    'a number (decimal ''' || $decimal || ''')'),
        CASE WHEN parse_number(r.mass_t, $decimal, $thousands) < 0 THEN 'mass_t: ' || r.mass_t || ' is negative' END,
        choice_error('mass_source', r.mass_source, coalesce(v_mass_source.ours, r.mass_source)),
        CASE WHEN r.mass_t IS NOT NULL AND r.mass_source IS NULL
            THEN 'mass_source: a mass needs its source (weighed or derived)' END,
        CASE WHEN r.mass_t IS NULL AND r.mass_source IS NOT NULL
            THEN 'mass_t: mass source ' || r.mass_source || ' given without a mass' END
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_site ON v_site.kind = 'site' AND v_site.theirs = r.site
LEFT JOIN stg_value_map v_mass_source ON v_mass_source.kind = 'mass_source' AND v_mass_source.theirs = r.mass_source
