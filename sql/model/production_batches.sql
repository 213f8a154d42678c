-- One row per production batch (EPCIS TransformationEvent): what went in and what came out,
-- in canonical units. Built from production_items.
CREATE OR REPLACE VIEW production_batches AS
SELECT
    company_id,
    site_id,
    batch_id,
    min(event_date) AS event_date,
    count(*) FILTER (WHERE direction = 'input') AS input_items,
    count(*) FILTER (WHERE direction = 'output') AS output_items,
    sum(dry_t) FILTER (WHERE direction = 'input') AS input_dry_t,
    sum(dry_t) FILTER (WHERE direction = 'output') AS output_dry_t,
    sum(solid_m3) FILTER (WHERE direction = 'input') AS input_solid_m3,
    sum(solid_m3) FILTER (WHERE direction = 'output') AS output_solid_m3,
    sum(mineral_t) FILTER (WHERE direction = 'input') AS input_mineral_t,
    sum(mineral_t) FILTER (WHERE direction = 'output') AS output_mineral_t,
    list(DISTINCT lot_id ORDER BY lot_id) FILTER (WHERE direction = 'input' AND lot_id IS NOT NULL) AS input_lots,
    list(DISTINCT lot_id ORDER BY lot_id) FILTER (WHERE direction = 'output' AND lot_id IS NOT NULL) AS output_lots
FROM production_items
GROUP BY company_id, site_id, batch_id;
