-- Wood by-products (category 'by-product', stream wood), in dry tonnes:
--   generated G  = production outputs of by-products;
--   used u       = what the generating company ships (to anyone), hands over to recovery (R1-R11),
--                  or consumes in its own production; disposal (D codes) and interim codes
--                  (R12, R13, D13-D15) are not uses;
--   exchanged    = what it ships to a site of another cluster member.
-- Uses count only for materials the company itself generates (a port shipping others' pellets,
-- or district heating burning bought bark, does not raise its own rates). Each use has a class
-- (use_class): material or energy by the receiving site's role (data/reference/use_classes.csv) or
-- the R code (R1 energy, other final R codes material), unknown when the receiver is outside the
-- cluster or a port.
CREATE OR REPLACE VIEW byproduct_movements AS
WITH byproduct AS (SELECT code FROM ref_materials WHERE category = 'by-product' AND stream = 'wood'),
generated AS (
    SELECT company_id, site_id, event_date AS day, material_code, dry_t
    FROM production_items
    WHERE direction = 'output' AND material_code IN (SELECT code FROM byproduct)
),
generators AS (SELECT DISTINCT company_id, material_code FROM generated)
SELECT 'generated' AS movement, company_id, site_id, day, material_code, dry_t, NULL AS use_class,
       NULL AS receiver_company_id
FROM generated
UNION ALL
SELECT 'shipped', s.company_id, s.sender_site_id, s.ship_date, s.material_code, s.dry_t,
       coalesce(u.use, 'unknown'), r.company_id
FROM shipments s
JOIN generators g ON g.company_id = s.company_id AND g.material_code = s.material_code
LEFT JOIN ref_sites r ON r.site_id = s.receiver_site_id
LEFT JOIN ref_use_classes u ON u.role = r.role
UNION ALL
SELECT 'treated', t.company_id, t.site_id, t.treatment_date, t.material_code, t.dry_t,
       CASE o.cascade_stage WHEN 'recycling' THEN 'material' ELSE o.cascade_stage END, NULL
FROM treatments t
JOIN generators g ON g.company_id = t.company_id AND g.material_code = t.material_code
JOIN ref_operations o ON o.code = t.operation_code
UNION ALL
SELECT 'consumed', p.company_id, p.site_id, p.event_date, p.material_code, p.dry_t, coalesce(u.use, 'unknown'), NULL
FROM production_items p
JOIN generators g ON g.company_id = p.company_id AND g.material_code = p.material_code
JOIN ref_sites s ON s.site_id = p.site_id
LEFT JOIN ref_use_classes u ON u.role = s.role
WHERE p.direction = 'input';

-- By-product generated (dry t) per month and year, material and company or cluster (no ratio).
CREATE OR REPLACE VIEW kpi_byproduct_generation AS
SELECT 'month' AS period_type, CAST(date_trunc('month', day) AS DATE) AS period_start,
       coalesce(company_id, 'cluster') AS scope, material_code, sum(dry_t) AS dry_t
FROM byproduct_movements WHERE movement = 'generated'
GROUP BY GROUPING SETS ((date_trunc('month', day), company_id, material_code), (date_trunc('month', day), material_code))
UNION ALL
SELECT 'year', CAST(date_trunc('year', day) AS DATE), coalesce(company_id, 'cluster'), material_code, sum(dry_t)
FROM byproduct_movements WHERE movement = 'generated'
GROUP BY GROUPING SETS ((date_trunc('year', day), company_id, material_code), (date_trunc('year', day), material_code));

CREATE OR REPLACE VIEW kpi_base_byproduct_utilization AS
SELECT company_id, day,
       CASE WHEN movement IN ('shipped', 'consumed') OR use_class IN ('material', 'energy') THEN dry_t END AS num,
       CASE WHEN movement = 'generated' THEN dry_t END AS den
FROM byproduct_movements;

-- KPI byproduct_utilization = used u / generated G (dry t), per month and year, company and cluster.
CREATE OR REPLACE VIEW kpi_byproduct_utilization AS
SELECT * FROM kpi_rollup('kpi_base_byproduct_utilization', 'byproduct_utilization', 'dry t/dry t',
                         'no by-product generated in the period');

CREATE OR REPLACE VIEW kpi_base_exchange_rate AS
SELECT company_id, day,
       CASE WHEN movement = 'shipped' AND receiver_company_id IS NOT NULL AND receiver_company_id <> company_id
            THEN dry_t END AS num,
       CASE WHEN movement = 'generated' THEN dry_t END AS den
FROM byproduct_movements;

-- KPI inter_company_exchange_rate = shipped to another member / generated (dry t).
CREATE OR REPLACE VIEW kpi_exchange_rate AS
SELECT * FROM kpi_rollup('kpi_base_exchange_rate', 'inter_company_exchange_rate', 'dry t/dry t',
                         'no by-product generated in the period');

-- Cascading use of wood: the share of by-product uses that are material uses, and energy uses.
CREATE OR REPLACE MACRO kpi_base_use_class(wanted_class) AS TABLE
SELECT company_id, day, CASE WHEN use_class = wanted_class THEN dry_t END AS num, dry_t AS den
FROM byproduct_movements
WHERE movement IN ('shipped', 'consumed') OR use_class IN ('material', 'energy');

CREATE OR REPLACE VIEW kpi_base_material_use_share AS FROM kpi_base_use_class('material');

-- KPI material_use_share = by-product uses of class material / all uses (dry t).
CREATE OR REPLACE VIEW kpi_material_use_share AS
SELECT * FROM kpi_rollup('kpi_base_material_use_share', 'material_use_share', 'dry t/dry t',
                         'no by-product used in the period');

CREATE OR REPLACE VIEW kpi_base_energy_use_share AS FROM kpi_base_use_class('energy');

-- KPI energy_use_share = by-product uses of class energy / all uses (dry t).
CREATE OR REPLACE VIEW kpi_energy_use_share AS
SELECT * FROM kpi_rollup('kpi_base_energy_use_share', 'energy_use_share', 'dry t/dry t',
                         'no by-product used in the period');
