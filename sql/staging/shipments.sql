-- Typed shipment rows from stg_raw: the dataset's own fields, typed and checked.
-- Embedded as the `typed` step of staging/quantity.sql, which finishes the quantity columns.
-- A shipment id may appear once per sender: a repeat in the file, or of a row already loaded
-- from an earlier file, is quarantined (the first occurrence counts; repeats come from
-- staging/shipment_repeats.sql, run first).
SELECT
    r._row AS source_row,
    r.shipment_id,
    coalesce(v_sender_site.ours, r.sender_site) AS sender_site_id,
    party_site(coalesce(v_receiver.ours, r.receiver)) AS receiver_site_id,
    r.receiver AS receiver_name,
    r.lot_id,
    parse_date(r.ship_date, $date_format) AS ship_date,
    coalesce(v_transport_mode.ours, r.transport_mode) AS transport_mode,
    parse_number(r.distance_km, $decimal, $thousands) AS distance_km,
    r.document_no,
    [e for e in [
        missing_error('shipment_id', r.shipment_id),
        missing_error('sender_site', r.sender_site),
        site_error('sender_site', r.sender_site, coalesce(v_sender_site.ours, r.sender_site)),
        own_site_error('sender_site', coalesce(v_sender_site.ours, r.sender_site), $company_id),
        missing_error('receiver', r.receiver),
        party_error('receiver', r.receiver, coalesce(v_receiver.ours, r.receiver)),
        same_site_error('receiver', coalesce(v_sender_site.ours, r.sender_site), coalesce(v_receiver.ours, r.receiver)),
        lot_error('lot_id', r.lot_id),
        missing_error('ship_date', r.ship_date),
        parse_error('ship_date', r.ship_date, parse_date(r.ship_date, $date_format), 'a date in ' || $date_name),
        date_range_error('ship_date', parse_date(r.ship_date, $date_format)),
        choice_error('transport_mode', r.transport_mode, coalesce(v_transport_mode.ours, r.transport_mode)),
        parse_error('distance_km', r.distance_km, parse_number(r.distance_km, $decimal, $thousands), 'a number'),
        CASE WHEN parse_number(r.distance_km, $decimal, $thousands) < 0
            THEN 'distance_km: ' || r.distance_km || ' is negative' END,
        CASE WHEN r._row > repeated.first_row
            THEN 'shipment_id: ''' || r.shipment_id || ''' from ' || repeated.sender_site_id
                 || ' repeats row ' || repeated.first_row || ' of this file' END,
        CASE WHEN earlier.file_name IS NOT NULL
            THEN 'shipment_id: ''' || r.shipment_id || ''' from ' || earlier.sender_site_id
                 || ' is already loaded from ' || earlier.file_name || ' row ' || earlier.source_row END
    ] if e IS NOT NULL] AS errors,
    r.material, r.quantity, r.unit, r.moisture_pct, r AS _raw
FROM stg_raw r
LEFT JOIN stg_value_map v_sender_site ON v_sender_site.kind = 'site' AND v_sender_site.theirs = r.sender_site
LEFT JOIN stg_value_map v_receiver ON v_receiver.kind = 'site' AND v_receiver.theirs = r.receiver
LEFT JOIN stg_value_map v_transport_mode
    ON v_transport_mode.kind = 'transport_mode' AND v_transport_mode.theirs = r.transport_mode
LEFT JOIN stg_repeats repeated ON repeated.sender_site_id = coalesce(v_sender_site.ours, r.sender_site)
          AND repeated.shipment_id = r.shipment_id
LEFT JOIN (
    SELECT s.sender_site_id, s.shipment_id, min(f.file_name) AS file_name, min(s.source_row) AS source_row
    FROM shipments s
    JOIN ingest_files f ON f.file_hash = s.file_hash AND f.status IN ('loaded', 'partially_loaded')
    WHERE s.company_id = $company_id
    GROUP BY ALL
) earlier ON earlier.sender_site_id = coalesce(v_sender_site.ours, r.sender_site)
         AND earlier.shipment_id = r.shipment_id
