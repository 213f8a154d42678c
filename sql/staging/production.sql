-- Typed production batch items from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    r.batch_id AS batch_id,
    coalesce(v_site.ours, r.site) AS site_id,
    parse_date(r.event_date, $date_format) AS event_date,
    coalesce(v_direction.ours, r.direction) AS direction,
    r.lot_id AS lot_id,
    [e for e in [
        missing_error('batch_id', r.batch_id),
        missing_error('site', r.site),
        site_error('site', r.site, coalesce(v_site.ours, r.site)),
        own_site_error('site', coalesce(v_site.ours, r.site), $company_id),
        missing_error('event_date', r.event_date),
        parse_error('event_date', r.event_date, parse_date(r.event_date, $date_format), 'a date in ' || $date_name),
        date_range_error('event_date', parse_date(r.event_date, $date_format)),
        missing_error('direction', r.direction),
        choice_error('direction', r.direction, coalesce(v_direction.ours, r.direction)),
        lot_error('lot_id', r.lot_id)
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_site ON v_site.kind = 'site' AND v_site.theirs = r.site
LEFT JOIN stg_value_map v_direction ON v_direction.kind = 'direction' AND v_direction.theirs = r.direction
