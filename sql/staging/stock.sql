-- Typed stock counts from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    coalesce(v_site.ours, r.site) AS site_id,
    parse_date(r.count_date, $date_format) AS count_date,
    [e for e in [
        missing_error('site', r.site),
        site_error('site', r.site, coalesce(v_site.ours, r.site)),
        own_site_error('site', coalesce(v_site.ours, r.site), $company_id),
        missing_error('count_date', r.count_date),
        parse_error('count_date', r.count_date, parse_date(r.count_date, $date_format), 'a date in ' || $date_name),
        date_range_error('count_date', parse_date(r.count_date, $date_format))
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_site ON v_site.kind = 'site' AND v_site.theirs = r.site
