-- Sawn-timber lots per sawmill, and how many have wood of unknown or external origin in their ancestry
SELECT n.company_id AS sawmill, count(*) AS sawn_lots,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM lot_origins(n.site_id, n.lot_id) o WHERE o.origin <> 'harvest'))
           AS mixed_lots
FROM lot_nodes n
WHERE n.material_code = 'SAWN_TIMBER' AND n.origin IS NULL
GROUP BY n.company_id
ORDER BY sawmill;
