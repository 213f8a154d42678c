-- Shipments whose receipt is missing or differs by more than the tolerance, the largest first
SELECT company_id AS sender, shipment_id, receiver_company_id AS receiver, material_code, ship_date,
       round(sent_qty, 2) AS sent, round(received_qty, 2) AS received, round(difference, 3) AS difference, status
FROM shipment_reconciliation_status
WHERE status <> 'matched'
ORDER BY abs(coalesce(difference, 1)) DESC, ship_date
LIMIT 10;
