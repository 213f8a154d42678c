-- Surplus heat per month: recoverable and delivered (MWh), with the companies reporting it.
SELECT CAST(date_trunc('month', period_start) AS DATE) AS month,
       sum(energy_mwh) FILTER (WHERE measure = 'recoverable') AS recoverable,
       sum(energy_mwh) FILTER (WHERE measure = 'delivered') AS delivered,
       count(DISTINCT company_id) AS contributors
FROM energy_flows
WHERE material_code = 'SURPLUS_HEAT'
GROUP BY ALL
ORDER BY month;
