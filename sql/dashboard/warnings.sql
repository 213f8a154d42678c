-- What needs attention across the cluster, as counts (no company's figures): mass-balance site-months
-- above the tolerance, shipments with a missing or differing receipt, rows in quarantine.
SELECT 'mass-balance site-months above tolerance' AS warning, count(*) AS items,
       count(DISTINCT company_id) AS companies FROM mass_balance WHERE flagged
UNION ALL
SELECT 'shipments without a receipt', count(*), count(DISTINCT company_id)
FROM shipment_reconciliation_status WHERE status = 'no_receipt'
UNION ALL
SELECT 'shipments whose receipt differs beyond the tolerance', count(*), count(DISTINCT company_id)
FROM shipment_reconciliation_status WHERE status = 'mismatch'
UNION ALL
SELECT 'rows in quarantine', count(*), count(DISTINCT q.company_id)
FROM quarantine_rows q JOIN ingest_files f ON f.file_hash = q.file_hash AND f.status NOT IN ('duplicate', 'superseded');
