-- Typed energy flows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    coalesce(v_site.ours, r.site) AS site_id,
    party_site(coalesce(v_receiver.ours, r.receiver)) AS receiver_site_id,
    r.receiver AS receiver_name,
    coalesce(v_measure.ours, r.measure) AS measure,
    parse_date(r.period_start, $date_format) AS period_start,
    parse_date(r.period_end, $date_format) AS period_end,
    [e for e in [
        missing_error('site', r.site),
        site_error('site', r.site, coalesce(v_site.ours, r.site)),
        own_site_error('site', coalesce(v_site.ours, r.site), $company_id),
        party_error('receiver', r.receiver, coalesce(v_receiver.ours, r.receiver)),
        same_site_error('receiver', coalesce(v_site.ours, r.site), coalesce(v_receiver.ours, r.receiver)),
        missing_error('measure', r.measure),
        choice_error('measure', r.measure, coalesce(v_measure.ours, r.measure)),
        missing_error('period_start', r.period_start),
        parse_error('period_start', r.period_start, parse_date(r.period_start, $date_format), 'a date in ' || $date_name),
        date_range_error('period_start', parse_date(r.period_start, $date_format)),
        missing_error('period_end', r.period_end),
        parse_error('period_end', r.period_end, parse_date(r.period_end, $date_format), 'a date in ' || $date_name),
        CASE WHEN parse_date(r.period_end, $date_format) < parse_date(r.period_start, $date_format)
            THEN 'period_end: ' || r.period_end || ' is before period_start ' || r.period_start END
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_site ON v_site.kind = 'site' AND v_site.theirs = r.site
LEFT JOIN stg_value_map v_receiver ON v_receiver.kind = 'site' AND v_receiver.theirs = r.receiver
LEFT JOIN stg_value_map v_measure ON v_measure.kind = 'measure' AND v_measure.theirs = r.measure
