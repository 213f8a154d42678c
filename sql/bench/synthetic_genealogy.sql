-- A synthetic lot genealogy for the trace benchmark: $layers layers of $width lots, every lot with
-- two parents in the layer before; and one lot_nodes row per lot.
CREATE OR REPLACE TABLE lot_edges AS
SELECT 'production' AS kind, 'S' AS from_site, 'L' || (k - 1) || '-' || ((i * 7 + p * 13) % $width) AS from_lot,
       'S' AS to_site, 'L' || k || '-' || i AS to_lot, 'CHIPS' AS material_code, 1.0 AS qty, 0.5 AS share,
       DATE '2025-01-01' AS event_date, 'B' AS ref, 'c' AS company_id
FROM range(1, $layers) a(k), range($width) b(i), range(2) c(p);

CREATE OR REPLACE TABLE lot_nodes AS
SELECT DISTINCT to_site AS site_id, to_lot AS lot_id, 'CHIPS' AS material_code, DATE '2025-01-01' AS first_date,
       1.0 AS qty, 'dry t' AS qty_unit, 'c' AS company_id, 'S' AS site_name, 0.0 AS lat, 0.0 AS lon,
       CAST(NULL AS VARCHAR) AS origin
FROM lot_edges;
