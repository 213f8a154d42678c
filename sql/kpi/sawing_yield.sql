-- Sawing yield = sawn timber out / sawlogs in, m3 solid, at sawmill sites.
CREATE OR REPLACE VIEW kpi_base_sawing_yield AS
SELECT p.company_id, p.event_date AS day,
       CASE WHEN p.direction = 'output' AND p.material_code = 'SAWN_TIMBER' THEN p.solid_m3 END AS num,
       CASE WHEN p.direction = 'input' AND p.material_code IN ('SAWLOG_SPRUCE', 'SAWLOG_PINE') THEN p.solid_m3 END AS den
FROM production_items p
JOIN ref_sites s ON s.site_id = p.site_id
WHERE s.role = 'sawmill';

-- KPI sawing_yield (m3/m3) per month and year, company and cluster.
CREATE OR REPLACE VIEW kpi_sawing_yield AS
SELECT * FROM kpi_rollup('kpi_base_sawing_yield', 'sawing_yield', 'm3/m3', 'no sawlogs sawn in the period');
