-- Typed shipment rows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    r.shipment_id AS shipment_id,
    coalesce(v_sender_site.ours, r.sender_site) AS sender_site_id,
    party_site(coalesce(v_receiver.ours, r.receiver)) AS receiver_site_id,
    r.receiver AS receiver_name,
    r.lot_id AS lot_id,
    parse_date(r.ship_date, $date_format) AS ship_date,
    coalesce(v_transport_mode.ours, r.transport_mode) AS transport_mode,
    parse_number(r.distance_km, $decimal, $thousands) AS distance_km,
    r.document_no AS document_no,
    [e for e in [
        missing_error('shipment_id', r.shipment_id),
        missing_error('sender_site', r.sender_site),
        site_error('sender_site', r.sender_site, coalesce(v_sender_site.ours, r.sender_site)),
        missing_error('receiver', r.receiver),
        party_error('receiver', r.receiver, coalesce(v_receiver.ours, r.receiver)),
        missing_error('ship_date', r.ship_date),
        parse_error('ship_date', r.ship_date, parse_date(r.ship_date, $date_format), 'a date in ' || $date_name),
        choice_error('transport_mode', r.transport_mode, coalesce(v_transport_mode.ours, r.transport_mode)),
        parse_error('distance_km', r.distance_km, parse_number(r.distance_km, $decimal, $thousands), 'a number')
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_sender_site ON v_sender_site.kind = 'site' AND v_sender_site.theirs = r.sender_site
LEFT JOIN stg_value_map v_receiver ON v_receiver.kind = 'site' AND v_receiver.theirs = r.receiver
LEFT JOIN stg_value_map v_transport_mode ON v_transport_mode.kind = 'transport_mode' AND v_transport_mode.theirs = r.transport_mode
