-- Heat planning per month (coverage and potential coverage of district-heating demand by surplus heat),
-- with the number of companies on each side that month (for the confidentiality rule).
SELECT month, coverage, potential_coverage, heat_companies, demand_companies
FROM heat_planning_month
ORDER BY month;
