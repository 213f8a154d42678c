-- Typed treatment / disposal rows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
-- The receiver may be the site itself (e.g. sanding dust burned in the mill's own boiler, R1).
SELECT
    r._row AS source_row,
    r.treatment_id AS treatment_id,
    coalesce(v_site.ours, r.site) AS site_id,
    party_site(coalesce(v_receiver.ours, r.receiver)) AS receiver_site_id,
    r.receiver AS receiver_name,
    upper(coalesce(v_operation.ours, r.operation)) AS operation_code,
    r.lot_id AS lot_id,
    parse_date(r.treatment_date, $date_format) AS treatment_date,
    r.document_no AS document_no,
    [e for e in [
        missing_error('site', r.site),
        site_error('site', r.site, coalesce(v_site.ours, r.site)),
        own_site_error('site', coalesce(v_site.ours, r.site), $company_id),
        party_error('receiver', r.receiver, coalesce(v_receiver.ours, r.receiver)),
        lot_error('lot_id', r.lot_id),
        missing_error('operation', r.operation),
        operation_error(r.operation, upper(coalesce(v_operation.ours, r.operation))),
        missing_error('treatment_date', r.treatment_date),
        parse_error('treatment_date', r.treatment_date, parse_date(r.treatment_date, $date_format), 'a date in ' || $date_name),
        date_range_error('treatment_date', parse_date(r.treatment_date, $date_format))
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_site ON v_site.kind = 'site' AND v_site.theirs = r.site
LEFT JOIN stg_value_map v_receiver ON v_receiver.kind = 'site' AND v_receiver.theirs = r.receiver
LEFT JOIN stg_value_map v_operation ON v_operation.kind = 'operation' AND v_operation.theirs = r.operation
