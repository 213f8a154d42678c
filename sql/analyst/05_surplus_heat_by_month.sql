-- Surplus heat from the smelter in 2025: recoverable vs delivered per month (MWh)
SELECT strftime(period_start, '%Y-%m') AS month,
       round(sum(energy_mwh) FILTER (WHERE measure = 'recoverable')) AS recoverable_mwh,
       round(sum(energy_mwh) FILTER (WHERE measure = 'delivered')) AS delivered_mwh,
       round(sum(energy_mwh) FILTER (WHERE measure = 'delivered')
             / sum(energy_mwh) FILTER (WHERE measure = 'recoverable'), 2) AS share
FROM energy_flows
WHERE material_code = 'SURPLUS_HEAT' AND year(period_start) = 2025
GROUP BY ALL
ORDER BY month;
