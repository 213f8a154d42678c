-- By-products per year and material: what the cluster generated and how it was used (material use,
-- energy use, left the cluster / unknown, not used), with the companies generating each material.
WITH used AS (
    SELECT year(day) AS year, material_code,
           sum(dry_t) FILTER (WHERE movement = 'generated') AS generated,
           sum(dry_t) FILTER (WHERE movement IN ('shipped', 'consumed', 'treated') AND use_class = 'material') AS material,
           sum(dry_t) FILTER (WHERE movement IN ('shipped', 'consumed', 'treated') AND use_class = 'energy') AS energy,
           sum(dry_t) FILTER (WHERE movement IN ('shipped', 'consumed') AND use_class = 'unknown') AS unknown,
           sum(dry_t) FILTER (WHERE movement = 'treated' AND use_class = 'disposal') AS disposal,
           list(DISTINCT company_id) FILTER (WHERE movement = 'generated') AS companies
    FROM byproduct_movements
    GROUP BY ALL
)
SELECT * FROM used WHERE generated > 0 ORDER BY year, material_code;
