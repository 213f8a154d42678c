-- What leaves the cluster: the largest outside receivers of wood in 2025 (dry tonnes)
SELECT to_name AS receiver, string_agg(DISTINCT material_code, ', ' ORDER BY material_code) AS materials,
       round(sum(dry_t)) AS dry_t
FROM material_flows
WHERE NOT within_cluster AND flow_kind = 'shipment' AND dry_t IS NOT NULL AND year(flow_date) = 2025
GROUP BY to_name
ORDER BY dry_t DESC
LIMIT 8;
