-- The lot genealogy: one row per link from a lot to a lot made from or moved into it.
-- A lot is identified by the site holding it and its id there (lot ids are only unique per company).
--   production   input lot -> output lot of the same batch; share = the input's part of the batch's
--                input mass (dry t, or t for minerals), qty = the output's canonical quantity x share
--   transfer     the lot a sender shipped -> the lot the receiver booked it as (its own label when the
--                receipt gives one, found by shipment id or waybill number; else the sender's id)
--   external_out a lot shipped out of the cluster -> ('external', receiver name)
--   external_in  ('external', supplier name) -> the lot a member booked from an outside supplier
CREATE OR REPLACE TABLE lot_edges AS
WITH items AS (
    SELECT company_id, site_id, batch_id, direction, lot_id, material_code, event_date,
           coalesce(dry_t, mineral_t, energy_mwh) AS qty
    FROM production_items
    WHERE lot_id IS NOT NULL
),
input_totals AS (
    SELECT company_id, site_id, batch_id, sum(qty) AS total FROM items WHERE direction = 'input' GROUP BY ALL
),
receipt_links AS (
    -- one receiver lot per shipment: matched by the sender's shipment id, else by waybill number
    SELECT receiver_site_id, sender_site_id, shipment_id, document_no,
           any_value(coalesce(lot_id, sender_lot_id)) AS lot_id
    FROM receipts
    WHERE sender_site_id IS NOT NULL
    GROUP BY ALL
)
SELECT 'production' AS kind, i.site_id AS from_site, i.lot_id AS from_lot, o.site_id AS to_site, o.lot_id AS to_lot,
       o.material_code, o.qty * i.qty / t.total AS qty, i.qty / t.total AS share, o.event_date,
       o.batch_id AS ref, o.company_id
FROM items o
JOIN items i ON i.company_id = o.company_id AND i.site_id = o.site_id AND i.batch_id = o.batch_id
            AND i.direction = 'input'
JOIN input_totals t ON t.company_id = o.company_id AND t.site_id = o.site_id AND t.batch_id = o.batch_id
WHERE o.direction = 'output' AND t.total > 0
UNION ALL
SELECT CASE WHEN s.receiver_site_id IS NULL THEN 'external_out' ELSE 'transfer' END,
       s.sender_site_id, s.lot_id,
       coalesce(s.receiver_site_id, 'external'),
       CASE WHEN s.receiver_site_id IS NULL THEN s.receiver_name
            ELSE coalesce(by_id.lot_id, by_doc.lot_id, s.lot_id) END,
       s.material_code, coalesce(s.dry_t, s.mineral_t, s.energy_mwh), 1.0, s.ship_date, s.shipment_id, s.company_id
FROM shipments s
LEFT JOIN receipt_links by_id ON by_id.receiver_site_id = s.receiver_site_id
     AND by_id.sender_site_id = s.sender_site_id AND by_id.shipment_id = s.shipment_id
LEFT JOIN (
    SELECT receiver_site_id, sender_site_id, document_no, any_value(lot_id) AS lot_id
    FROM receipt_links WHERE document_no IS NOT NULL GROUP BY ALL
) by_doc ON by_doc.receiver_site_id = s.receiver_site_id AND by_doc.sender_site_id = s.sender_site_id
     AND by_doc.document_no = s.document_no
WHERE s.lot_id IS NOT NULL
UNION ALL
SELECT 'external_in', 'external', r.sender_name, r.receiver_site_id, r.lot_id,
       r.material_code, coalesce(r.dry_t, r.mineral_t, r.energy_mwh), 1.0, r.receipt_date, r.receipt_id, r.company_id
FROM receipts r
WHERE r.sender_site_id IS NULL AND r.lot_id IS NOT NULL;
