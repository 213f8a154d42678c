-- Shipment reconciliation: every shipment to a cluster site against the receipt the receiver
-- reported for it (found by the sender's shipment id, else the waybill number), in the canonical
-- unit of the material. `status`: matched (difference within $tolerance, see kpi_values),
-- mismatch (beyond it), no_receipt.
CREATE OR REPLACE VIEW shipment_reconciliation AS
WITH receipt_qty AS (
    SELECT receiver_site_id, sender_site_id, shipment_id, document_no,
           sum(coalesce(dry_t, mineral_t, energy_mwh)) AS qty, min(receipt_date) AS receipt_date,
           count(*) AS receipts
    FROM receipts WHERE sender_site_id IS NOT NULL
    GROUP BY ALL
),
by_id AS (SELECT receiver_site_id, sender_site_id, shipment_id, sum(qty) AS qty, min(receipt_date) AS receipt_date
          FROM receipt_qty WHERE shipment_id IS NOT NULL GROUP BY ALL),
by_doc AS (SELECT receiver_site_id, sender_site_id, document_no, sum(qty) AS qty, min(receipt_date) AS receipt_date
           FROM receipt_qty WHERE document_no IS NOT NULL GROUP BY ALL)
SELECT s.company_id, s.shipment_id, s.document_no, s.sender_site_id, s.receiver_site_id, r.company_id AS receiver_company_id,
       s.material_code, s.ship_date, coalesce(i.receipt_date, d.receipt_date) AS receipt_date,
       coalesce(s.dry_t, s.mineral_t, s.energy_mwh) AS sent_qty, coalesce(i.qty, d.qty) AS received_qty,
       (coalesce(i.qty, d.qty) - coalesce(s.dry_t, s.mineral_t, s.energy_mwh))
           / nullif(coalesce(s.dry_t, s.mineral_t, s.energy_mwh), 0) AS difference
FROM shipments s
JOIN ref_sites r ON r.site_id = s.receiver_site_id
LEFT JOIN by_id i ON i.receiver_site_id = s.receiver_site_id AND i.sender_site_id = s.sender_site_id
                 AND i.shipment_id = s.shipment_id
LEFT JOIN by_doc d ON d.receiver_site_id = s.receiver_site_id AND d.sender_site_id = s.sender_site_id
                  AND d.document_no = s.document_no AND i.shipment_id IS NULL;

-- Each reconciled shipment with its status: matched, mismatch (beyond the tolerance) or no_receipt.
CREATE OR REPLACE VIEW shipment_reconciliation_status AS
SELECT *,
       CASE WHEN received_qty IS NULL THEN 'no_receipt'
            WHEN abs(difference) > (SELECT value FROM kpi_settings WHERE name = 'reconciliation_tolerance')
                THEN 'mismatch'
            ELSE 'matched' END AS status
FROM shipment_reconciliation;

-- Share of shipments to cluster sites whose receipt is missing or differs beyond the tolerance.
CREATE OR REPLACE VIEW kpi_base_reconciliation AS
SELECT company_id, ship_date AS day, CASE WHEN status <> 'matched' THEN 1 ELSE 0 END AS num, 1 AS den
FROM shipment_reconciliation_status;

-- KPI reconciliation_flag_rate = shipments not matched / shipments to cluster sites.
CREATE OR REPLACE VIEW kpi_reconciliation_flag_rate AS
SELECT * FROM kpi_rollup('kpi_base_reconciliation', 'reconciliation_flag_rate', 'shipments/shipments',
                         'no shipments to cluster sites in the period');
