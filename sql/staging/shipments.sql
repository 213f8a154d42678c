-- Typed shipment rows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
SELECT
    r._row AS source_row,
    trim(r.shipment_id) AS shipment_id,
    map_code('site', r.sender_site) AS sender_site_id,
    party_site(map_code('site', r.receiver)) AS receiver_site_id,
    trim(r.receiver) AS receiver_name,
    trim(r.lot_id) AS lot_id,
    parse_date(r.ship_date, $date_format) AS ship_date,
    map_code('transport_mode', r.transport_mode) AS transport_mode,
    parse_number(r.distance_km, $decimal, $thousands) AS distance_km,
    trim(r.document_no) AS document_no,
    [e for e in [
        missing_error('shipment_id', r.shipment_id),
        missing_error('sender_site', r.sender_site),
        site_error('sender_site', r.sender_site, map_code('site', r.sender_site)),
        missing_error('receiver', r.receiver),
        party_error('receiver', r.receiver, map_code('site', r.receiver)),
        missing_error('ship_date', r.ship_date),
        parse_error('ship_date', r.ship_date, parse_date(r.ship_date, $date_format), 'a date in ' || $date_name),
        choice_error('transport_mode', r.transport_mode, map_code('transport_mode', r.transport_mode)),
        parse_error('distance_km', r.distance_km, parse_number(r.distance_km, $decimal, $thousands), 'a number')
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
