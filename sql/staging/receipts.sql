-- Typed receipt rows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    r.receipt_id AS receipt_id,
    coalesce(v_receiver_site.ours, r.receiver_site) AS receiver_site_id,
    party_site(coalesce(v_sender.ours, r.sender)) AS sender_site_id,
    r.sender AS sender_name,
    r.shipment_id AS shipment_id,
    r.document_no AS document_no,
    r.lot_id AS lot_id,
    r.sender_lot_id AS sender_lot_id,
    parse_date(r.receipt_date, $date_format) AS receipt_date,
    [e for e in [
        missing_error('receipt_id', r.receipt_id),
        missing_error('receiver_site', r.receiver_site),
        site_error('receiver_site', r.receiver_site, coalesce(v_receiver_site.ours, r.receiver_site)),
        own_site_error('receiver_site', coalesce(v_receiver_site.ours, r.receiver_site), $company_id),
        missing_error('sender', r.sender),
        party_error('sender', r.sender, coalesce(v_sender.ours, r.sender)),
        same_site_error('sender', coalesce(v_sender.ours, r.sender), coalesce(v_receiver_site.ours, r.receiver_site)),
        lot_error('lot_id', r.lot_id),
        lot_error('sender_lot_id', r.sender_lot_id),
        missing_error('receipt_date', r.receipt_date),
        parse_error('receipt_date', r.receipt_date, parse_date(r.receipt_date, $date_format), 'a date in ' || $date_name),
        date_range_error('receipt_date', parse_date(r.receipt_date, $date_format))
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_receiver_site ON v_receiver_site.kind = 'site' AND v_receiver_site.theirs = r.receiver_site
LEFT JOIN stg_value_map v_sender ON v_sender.kind = 'site' AND v_sender.theirs = r.sender
