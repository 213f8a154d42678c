-- Sites holding a lot id (a lot id is only unique within a company).
SELECT site_id, lot_id FROM lot_nodes
WHERE lot_id = $lot_id AND ($site_id IS NULL OR site_id = $site_id)
ORDER BY site_id;
