-- kpi_rollup: the shape every ratio KPI is published in. `base` names a view with one row per
-- contribution: company_id, day, num, den (numerator and denominator in the KPI's unit). The macro
-- sums them per month and per year, per company and for the whole cluster (scope = 'cluster'),
-- and divides; where the denominator is missing or zero the value is NULL and `reason` says why.
-- `contributors` counts the companies behind a row (those with a denominator), so a view for the
-- whole cluster can withhold figures that only one or two companies make up.
CREATE OR REPLACE MACRO kpi_rollup(base, kpi_name, kpi_unit, empty_reason) AS TABLE
WITH b AS (SELECT * FROM query_table(base)),
g AS (
    SELECT 'month' AS period_type, date_trunc('month', day) AS period_start, company_id,
           sum(num) AS numerator, sum(den) AS denominator,
           count(DISTINCT company_id) FILTER (WHERE den IS NOT NULL) AS contributors
    FROM b
    GROUP BY GROUPING SETS ((date_trunc('month', day), company_id), (date_trunc('month', day)))
    UNION ALL
    SELECT 'year', date_trunc('year', day), company_id, sum(num), sum(den),
           count(DISTINCT company_id) FILTER (WHERE den IS NOT NULL)
    FROM b
    GROUP BY GROUPING SETS ((date_trunc('year', day), company_id), (date_trunc('year', day)))
)
SELECT kpi_name AS kpi, period_type, CAST(period_start AS DATE) AS period_start,
       coalesce(company_id, 'cluster') AS scope, coalesce(numerator, 0) AS numerator, denominator,
       CASE WHEN denominator > 0 THEN coalesce(numerator, 0) / denominator END AS value, kpi_unit AS unit,
       CASE WHEN denominator IS NULL OR denominator = 0 THEN empty_reason END AS reason, contributors
FROM g;
