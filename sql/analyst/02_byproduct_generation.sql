-- By-products generated in the cluster in 2025, by material (dry tonnes)
SELECT material_code, round(dry_t) AS dry_t
FROM kpi_byproduct_generation
WHERE scope = 'cluster' AND period_type = 'year' AND period_start = DATE '2025-01-01'
ORDER BY dry_t DESC;
