-- Every reported movement of material or energy from a site to a receiver, in canonical units:
-- shipments, treatments (with their R/D code) and energy deliveries. The receiver is a cluster
-- site (to_site_id) or an external party (to_site_id NULL, to_name as reported).
CREATE OR REPLACE VIEW material_flows AS
WITH flows AS (
    SELECT 'shipment' AS flow_kind, ship_date AS flow_date, company_id, sender_site_id AS from_site_id,
           receiver_site_id AS to_site_id, receiver_name AS to_name, material_code, NULL AS operation_code,
           dry_t, solid_m3, mineral_t, energy_mwh, file_hash, source_row
    FROM shipments
    UNION ALL
    SELECT 'treatment', treatment_date, company_id, site_id, receiver_site_id, receiver_name, material_code,
           operation_code, dry_t, solid_m3, mineral_t, energy_mwh, file_hash, source_row
    FROM treatments
    UNION ALL
    SELECT 'energy', period_start, company_id, site_id, receiver_site_id, receiver_name, material_code,
           NULL, dry_t, solid_m3, mineral_t, energy_mwh, file_hash, source_row
    FROM energy_flows
    WHERE measure = 'delivered'
)
SELECT
    f.flow_kind, f.flow_date, date_trunc('month', f.flow_date) AS flow_month,
    f.company_id AS from_company_id, f.from_site_id,
    s.company_id AS to_company_id, f.to_site_id, f.to_name,
    f.to_site_id IS NOT NULL AS within_cluster,
    f.material_code, m.category, m.stream, f.operation_code,
    f.dry_t, f.solid_m3, f.mineral_t, f.energy_mwh,
    f.file_hash, f.source_row
FROM flows f
LEFT JOIN ref_sites s ON s.site_id = f.to_site_id
LEFT JOIN ref_materials m ON m.code = f.material_code;
