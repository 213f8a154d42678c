-- Wood used in production per month across the cluster (dry t of wood inputs), with the companies
-- behind each month.
SELECT CAST(date_trunc('month', event_date) AS DATE) AS month, sum(dry_t) AS dry_t,
       count(DISTINCT company_id) AS contributors
FROM production_items
WHERE direction = 'input' AND dry_t IS NOT NULL
GROUP BY ALL
ORDER BY month;
