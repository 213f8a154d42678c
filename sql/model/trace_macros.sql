-- Tracing a lot through the genealogy (lot_edges, lot_nodes), for analysts and the CLI:
--   SELECT * FROM trace_up('SVS-ORKANGER', 'SVS-S250314');     -- where it came from
--   SELECT * FROM trace_down('GRS-MELDAL', 'GS-2411-02');       -- where it went
-- One row per step: depth (0 = the lot itself), the lot and what is known of it, the link that led
-- there (kind, ref = batch or shipment id, date) and `share`, the part of the traced lot that the
-- step accounts for along this path (production shares multiply; transfers pass the whole lot).
-- (trace_down's `share` column holds the quantity that moved along the link, in the lot's unit.)
-- `path` lists the lots from the traced one; a lot already on the path is not followed again, so
-- bad data with a cycle cannot loop.
CREATE OR REPLACE MACRO trace_up(site, lot, max_depth := 30) AS TABLE
WITH RECURSIVE walk(depth, site_id, lot_id, kind, ref, event_date, share, path) AS (
    SELECT 0, site, lot, NULL::VARCHAR, NULL::VARCHAR, NULL::DATE, 1.0::DOUBLE, [site || '/' || lot]
    UNION ALL
    SELECT w.depth + 1, e.from_site, e.from_lot, e.kind, e.ref, e.event_date, w.share * e.share,
           list_append(w.path, e.from_site || '/' || e.from_lot)
    FROM walk w
    JOIN lot_edges e ON e.to_site = w.site_id AND e.to_lot = w.lot_id
    WHERE w.depth < max_depth AND NOT list_contains(w.path, e.from_site || '/' || e.from_lot)
)
SELECT w.depth, w.site_id, w.lot_id, n.material_code, n.qty, n.qty_unit, n.company_id, n.site_name,
       n.first_date, n.origin, w.kind, w.ref, w.event_date, w.share, w.path
FROM walk w
LEFT JOIN lot_nodes n ON n.site_id = w.site_id AND n.lot_id = w.lot_id
ORDER BY w.path;

-- Where a lot went, step by step down the genealogy; its columns are those of trace_up.
CREATE OR REPLACE MACRO trace_down(site, lot, max_depth := 30) AS TABLE
WITH RECURSIVE walk(depth, site_id, lot_id, kind, ref, event_date, qty, path) AS (
    SELECT 0, site, lot, NULL::VARCHAR, NULL::VARCHAR, NULL::DATE, NULL::DOUBLE, [site || '/' || lot]
    UNION ALL
    SELECT w.depth + 1, e.to_site, e.to_lot, e.kind, e.ref, e.event_date, e.qty,
           list_append(w.path, e.to_site || '/' || e.to_lot)
    FROM walk w
    JOIN lot_edges e ON e.from_site = w.site_id AND e.from_lot = w.lot_id
    WHERE w.depth < max_depth AND NOT list_contains(w.path, e.to_site || '/' || e.to_lot)
)
SELECT w.depth, w.site_id, w.lot_id, n.material_code, n.qty, n.qty_unit, n.company_id, n.site_name,
       n.first_date, n.origin, w.kind, w.ref, w.event_date, w.qty AS share, w.path
FROM walk w
LEFT JOIN lot_nodes n ON n.site_id = w.site_id AND n.lot_id = w.lot_id
ORDER BY w.path;

-- A lot's roots and whether it is mixed: one row per root lot with its origin.
CREATE OR REPLACE MACRO lot_origins(site, lot, max_depth := 30) AS TABLE
SELECT site_id, lot_id, origin, material_code, site_name, sum(share) AS share
FROM trace_up(site, lot, max_depth := max_depth)
WHERE origin IS NOT NULL
GROUP BY ALL
ORDER BY share DESC;
