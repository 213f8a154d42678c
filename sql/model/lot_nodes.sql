-- Every lot in the genealogy with what it is and where it comes from. `origin` is set for lots with
-- no known parent: 'harvest' (made by a batch with no inputs at a harvesting site: roundwood from
-- the forest), 'external' (bought from outside the cluster), 'unknown' (no record of where it came
-- from, e.g. opening stock). A lot whose ancestry reaches 'external' or 'unknown' is mixed.
-- qty is what production made of the lot, or what arrived, in qty_unit (dry t, t or MWh).
CREATE OR REPLACE TABLE lot_nodes AS
WITH seen AS (
    SELECT from_site AS site_id, from_lot AS lot_id FROM lot_edges
    UNION
    SELECT to_site, to_lot FROM lot_edges
    UNION
    SELECT site_id, lot_id FROM production_items WHERE lot_id IS NOT NULL
),
batches_with_inputs AS (
    SELECT DISTINCT company_id, batch_id FROM production_items WHERE direction = 'input'
),
made AS (  -- what production made of the lot at its site
    SELECT p.site_id, p.lot_id, arg_min(p.material_code, p.event_date) AS material_code,
           min(p.event_date) AS first_date, sum(coalesce(p.dry_t, p.mineral_t, p.energy_mwh)) AS qty,
           any_value(p.company_id) AS company_id, bool_and(b.batch_id IS NULL) AS from_nothing
    FROM production_items p
    LEFT JOIN batches_with_inputs b ON b.company_id = p.company_id AND b.batch_id = p.batch_id
    WHERE p.direction = 'output' AND p.lot_id IS NOT NULL
    GROUP BY p.site_id, p.lot_id
),
arrived AS (  -- first arrival of the lot at its site
    SELECT to_site AS site_id, to_lot AS lot_id, arg_min(material_code, event_date) AS material_code,
           min(event_date) AS first_date, sum(qty) AS qty
    FROM lot_edges WHERE kind <> 'production'
    GROUP BY ALL
),
used AS (  -- lots only seen as inputs or shipped: what they were when used
    SELECT from_site AS site_id, from_lot AS lot_id, arg_min(material_code, event_date) AS material_code,
           min(event_date) AS first_date
    FROM (SELECT site_id AS from_site, lot_id AS from_lot, material_code, event_date FROM production_items
          WHERE direction = 'input' AND lot_id IS NOT NULL
          UNION ALL
          SELECT sender_site_id, lot_id, material_code, ship_date FROM shipments WHERE lot_id IS NOT NULL)
    GROUP BY ALL
),
has_parent AS (SELECT DISTINCT to_site AS site_id, to_lot AS lot_id FROM lot_edges)
SELECT
    s.site_id, s.lot_id,
    coalesce(m.material_code, a.material_code, u.material_code) AS material_code,
    coalesce(m.first_date, a.first_date, u.first_date) AS first_date,
    coalesce(m.qty, a.qty) AS qty,
    CASE mat.stream WHEN 'wood' THEN 'dry t' WHEN 'mineral' THEN 't' WHEN 'energy' THEN 'MWh' END AS qty_unit,
    coalesce(m.company_id, site.company_id) AS company_id,
    site.name AS site_name, site.lat, site.lon,
    CASE
        WHEN p.site_id IS NOT NULL THEN NULL
        WHEN s.site_id = 'external' THEN 'external'
        WHEN m.from_nothing AND site.role = 'harvesting' THEN 'harvest'
        ELSE 'unknown'
    END AS origin
FROM seen s
LEFT JOIN made m USING (site_id, lot_id)
LEFT JOIN arrived a USING (site_id, lot_id)
LEFT JOIN used u USING (site_id, lot_id)
LEFT JOIN has_parent p USING (site_id, lot_id)
LEFT JOIN ref_sites site ON site.site_id = s.site_id
LEFT JOIN ref_materials mat ON mat.code = coalesce(m.material_code, a.material_code, u.material_code);
