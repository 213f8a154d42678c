-- Heat planning per month (coverage and potential coverage of district-heating demand by surplus heat),
-- with the number of companies on each side: those reporting surplus heat, and the district-heating
-- companies whose demand it is (for the confidentiality rule).
WITH sides AS (
    SELECT count(DISTINCT e.company_id) FILTER (WHERE material_code = 'SURPLUS_HEAT') AS heat_companies,
           count(DISTINCT e.company_id) FILTER (WHERE material_code = 'DISTRICT_HEAT' AND measure = 'produced'
                                                  AND s.role = 'district_heating') AS demand_companies
    FROM energy_flows e JOIN ref_sites s ON s.site_id = e.site_id
)
SELECT h.month, h.coverage, h.potential_coverage, sides.heat_companies, sides.demand_companies
FROM heat_planning_month h, sides
ORDER BY h.month;
