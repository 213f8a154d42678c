-- KPI values for a dashboard: one scope ('cluster' or a company id), every period, with the number
-- of companies behind each cluster value.
SELECT kpi, period_type, period_start, value, unit, reason, contributors
FROM kpi_values
WHERE scope = $scope
ORDER BY kpi, period_type, period_start;
