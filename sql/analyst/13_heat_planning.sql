-- District-heating planning 2025: how much of each month's demand surplus heat met, could have met, and
-- what was left over beyond demand (MWh)
SELECT strftime(month, '%Y-%m') AS month, round(demand_mwh) AS demand_mwh, round(delivered_mwh) AS delivered_mwh,
       round(coverage, 2) AS coverage, round(potential_coverage, 2) AS potential_coverage,
       round(unused_potential_mwh) AS unused_potential_mwh, round(beyond_demand_mwh) AS beyond_demand_mwh,
       round(demand_share_of_year, 3) AS demand_share_of_year
FROM heat_planning_month
WHERE year(month) = 2025
ORDER BY month;
