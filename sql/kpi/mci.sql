-- The Material Circularity Indicator for the cluster's timber stream (the formula is the mci macro,
-- sql/kpi/mci_macro.sql). The cluster adaptation (assumptions in docs/kpis.md), wood in dry t per year:
--   M   = wood entering the cluster: roundwood harvested by members + wood bought from outside;
--   F_R = the part of M bought as waste or recycled wood; F_U = 0; F_S = kpi_settings mci_sustainable_share;
--   C_E = wood burned for energy inside the cluster (inputs of sites whose use class is energy, and R1);
--   C_R = wood handed over for recycling (R2-R11); C_U = C_C = 0;
--   everything else (products sold out of the cluster, disposal) counts as not recovered;
--   E_C = E_F = 1; X = 1 (no lifetime data).
CREATE OR REPLACE VIEW kpi_mci AS
WITH wood AS (SELECT code, category FROM ref_materials WHERE stream = 'wood'),
harvest AS (
    SELECT date_trunc('year', p.event_date) AS year, sum(p.dry_t) AS t
    FROM production_items p
    JOIN ref_sites s ON s.site_id = p.site_id AND s.role = 'harvesting'
    WHERE p.direction = 'output' AND p.material_code IN (SELECT code FROM wood)
      AND NOT EXISTS (SELECT 1 FROM production_items i WHERE i.company_id = p.company_id
                      AND i.batch_id = p.batch_id AND i.direction = 'input')
    GROUP BY ALL
),
bought AS (
    SELECT date_trunc('year', r.receipt_date) AS year, sum(r.dry_t) AS t,
           sum(r.dry_t) FILTER (WHERE w.category = 'waste' OR r.material_code = 'RECYCLED_WOOD') AS recycled_t
    FROM receipts r JOIN wood w ON w.code = r.material_code
    WHERE r.sender_site_id IS NULL
    GROUP BY ALL
),
burned AS (
    SELECT date_trunc('year', p.event_date) AS year, sum(p.dry_t) AS t
    FROM production_items p
    JOIN ref_sites s ON s.site_id = p.site_id
    JOIN ref_use_classes u ON u.role = s.role AND u.use = 'energy'
    WHERE p.direction = 'input' AND p.material_code IN (SELECT code FROM wood)
      AND p.material_code NOT IN ('SAWDUST', 'SHAVINGS', 'PELLET_FINES')  -- pellet feedstock is not burned
    GROUP BY ALL
),
treated AS (
    SELECT date_trunc('year', t.treatment_date) AS year,
           sum(t.dry_t) FILTER (WHERE t.operation_code = 'R1') AS energy_t,
           sum(t.dry_t) FILTER (WHERE o.cascade_stage = 'recycling') AS recycling_t
    FROM treatments t JOIN ref_operations o ON o.code = t.operation_code
    WHERE t.material_code IN (SELECT code FROM wood)
    GROUP BY ALL
),
years AS (SELECT year FROM harvest UNION SELECT year FROM bought),
contributors AS (  -- companies whose wood enters the M of the year
    SELECT year, count(DISTINCT company_id) AS contributors FROM (
        SELECT date_trunc('year', p.event_date) AS year, p.company_id FROM production_items p
        JOIN ref_sites s ON s.site_id = p.site_id AND s.role = 'harvesting' WHERE p.direction = 'output'
        UNION ALL
        SELECT date_trunc('year', receipt_date), company_id FROM receipts WHERE sender_site_id IS NULL
    ) GROUP BY year
),
inputs AS (
    SELECT y.year,
           coalesce(h.t, 0) + coalesce(b.t, 0) AS m,
           coalesce(b.recycled_t, 0) AS recycled_t,
           coalesce(bu.t, 0) + coalesce(tr.energy_t, 0) AS energy_t,
           coalesce(tr.recycling_t, 0) AS recycling_t,
           (SELECT value FROM kpi_settings WHERE name = 'mci_sustainable_share') AS f_s,
           c.contributors
    FROM years y
    LEFT JOIN contributors c USING (year)
    LEFT JOIN harvest h USING (year) LEFT JOIN bought b USING (year)
    LEFT JOIN burned bu USING (year) LEFT JOIN treated tr USING (year)
)
SELECT 'material_circularity_indicator' AS kpi, 'year' AS period_type, CAST(year AS DATE) AS period_start,
       'cluster' AS scope, m AS feedstock_dry_t, recycled_t / m AS f_r, f_s,
       least(energy_t / m, 1) AS c_e, least(recycling_t / m, 1 - least(energy_t / m, 1)) AS c_r,
       CASE WHEN m > 0 THEN mci(m, recycled_t / m, 0, f_s, least(recycling_t / m, 1 - least(energy_t / m, 1)),
                                0, 0, least(energy_t / m, 1), 1, 1, 1) END AS value,
       CASE WHEN m = 0 THEN 'no wood entered the cluster in the period' END AS reason, contributors
FROM inputs;
