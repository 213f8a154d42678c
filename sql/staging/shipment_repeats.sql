-- Shipment ids that occur more than once per sender in the staged file, with the first row (which
-- counts; the repeats are quarantined by staging/shipments.sql). A separate statement: inside the
-- main query a second reference to stg_raw made DuckDB materialise the whole staged file.
CREATE OR REPLACE TEMP TABLE stg_repeats AS
SELECT coalesce(v.ours, f.sender_site) AS sender_site_id, f.shipment_id, min(f._row) AS first_row
FROM stg_raw f
LEFT JOIN stg_value_map v ON v.kind = 'site' AND v.theirs = f.sender_site
WHERE f.shipment_id IS NOT NULL
GROUP BY ALL
HAVING count(*) > 1;
