-- The cluster's KPIs for one month, for the period report (cluster scope only: a company's own
-- figures are confidential).
SELECT kpi, value, numerator, denominator, unit, reason
FROM kpi_values
WHERE scope = 'cluster' AND period_type = 'month' AND period_start = $month
ORDER BY kpi;
