-- By-product utilization per company and year (companies that generate by-products)
SELECT scope AS company, year(period_start) AS year, round(value, 3) AS utilization,
       round(numerator) AS used_dry_t, round(denominator) AS generated_dry_t
FROM kpi_values
WHERE kpi = 'byproduct_utilization' AND period_type = 'year' AND scope <> 'cluster'
ORDER BY company, year;
