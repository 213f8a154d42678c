-- The latest year with a resource-sharing opportunity or heat-planning figures (the CLI's default year).
SELECT max(year) FROM (SELECT max(year) AS year FROM sharing_opportunities_year
                       UNION ALL SELECT max(year(month)) FROM heat_planning_month);
