-- Mass-balance closure per site and month, wood in dry tonnes:
--   in  = wood received + wood produced (production outputs)
--   out = wood shipped + handed over for treatment + consumed (production inputs)
--   closure error = |in - out - Δstock| / in, Δstock = the month's last stock count minus the last
--   count of the month before (all wood materials at the site).
-- It says whether what arrived or was made is accounted for as stock, departures or consumption.
-- Counts are assumed to be taken at month end; without a count in both months the error is NULL
-- with a reason. Errors above the tolerance in kpi_settings are flagged.
CREATE OR REPLACE VIEW mass_balance AS
WITH wood AS (SELECT code FROM ref_materials WHERE stream = 'wood'),
flows AS (
    SELECT receiver_site_id AS site_id, receipt_date AS day, dry_t AS in_t, 0.0 AS out_t
    FROM receipts WHERE material_code IN (SELECT code FROM wood)
    UNION ALL
    SELECT site_id, event_date, CASE WHEN direction = 'output' THEN dry_t ELSE 0.0 END,
           CASE WHEN direction = 'input' THEN dry_t ELSE 0.0 END
    FROM production_items WHERE material_code IN (SELECT code FROM wood)
    UNION ALL
    SELECT sender_site_id, ship_date, 0.0, dry_t FROM shipments WHERE material_code IN (SELECT code FROM wood)
    UNION ALL
    SELECT site_id, treatment_date, 0.0, dry_t FROM treatments WHERE material_code IN (SELECT code FROM wood)
),
monthly AS (
    SELECT site_id, CAST(date_trunc('month', day) AS DATE) AS month, sum(in_t) AS in_t, sum(out_t) AS out_t
    FROM flows GROUP BY ALL
),
daily_stock AS (
    SELECT site_id, count_date, sum(dry_t) AS stock
    FROM stock_counts WHERE material_code IN (SELECT code FROM wood)
    GROUP BY site_id, count_date
),
counts AS (  -- the last count of each month
    SELECT site_id, CAST(date_trunc('month', count_date) AS DATE) AS month, arg_max(stock, count_date) AS stock
    FROM daily_stock
    GROUP BY site_id, date_trunc('month', count_date)
)
SELECT s.company_id, f.site_id, f.month AS period_start, f.in_t, f.out_t,
       e.stock - b.stock AS delta_stock,
       f.in_t - f.out_t - (e.stock - b.stock) AS imbalance,
       abs(f.in_t - f.out_t - (e.stock - b.stock)) / nullif(f.in_t, 0) AS closure_error,
       abs(f.in_t - f.out_t - (e.stock - b.stock)) / nullif(f.in_t, 0)
           > (SELECT value FROM kpi_settings WHERE name = 'mass_balance_tolerance') AS flagged,
       CASE WHEN b.stock IS NULL THEN 'no stock count in the month before'
            WHEN e.stock IS NULL THEN 'no stock count in the month'
            WHEN coalesce(f.in_t, 0) = 0 THEN 'nothing received or produced' END AS reason
FROM monthly f
JOIN ref_sites s ON s.site_id = f.site_id
LEFT JOIN counts e ON e.site_id = f.site_id AND e.month = f.month
LEFT JOIN counts b ON b.site_id = f.site_id AND b.month = f.month - INTERVAL 1 MONTH;

-- The closure error weighted by flow, per company and cluster: sum |imbalance| / sum in, over the
-- site-months that have both stock counts.
CREATE OR REPLACE VIEW kpi_base_mass_balance AS
SELECT company_id, period_start AS day, abs(imbalance) AS num, CASE WHEN imbalance IS NOT NULL THEN in_t END AS den
FROM mass_balance;

-- KPI mass_balance_closure_error per month and year, company and cluster.
CREATE OR REPLACE VIEW kpi_mass_balance_closure_error AS
SELECT * FROM kpi_rollup('kpi_base_mass_balance', 'mass_balance_closure_error', 'dry t/dry t',
                         'no site with stock counts at both ends of the period');
