-- District-heating planning of a year for the CLI, per month (MWh, shares rounded).
SELECT strftime(month, '%Y-%m') AS month, round(demand_mwh) AS demand_mwh, round(recoverable_mwh) AS recoverable_mwh,
       round(delivered_mwh) AS delivered_mwh, round(coverage, 2) AS coverage,
       round(potential_coverage, 2) AS potential_coverage, round(unused_potential_mwh) AS unused_potential_mwh,
       round(beyond_demand_mwh) AS beyond_demand_mwh
FROM heat_planning_month
WHERE year(month) = $year
ORDER BY month;
