-- By-product surplus per year and fate (dry t), and how much of it members' demand could take: per
-- surplus and month, the smaller of the surplus and the demand it matches within the limits. When several
-- surpluses match one demand each counts it, so matched_dry_t is an upper bound. For the confidentiality
-- rule: `companies` offer the surplus, `buyers` are the companies whose demand it matches.
WITH demand AS (
    SELECT from_site_id, offered, fate, month, sum(demand_dry_t) AS demand_dry_t,
           list(DISTINCT to_company_id) AS buyers
    FROM sharing_opportunities WHERE spec_status <> 'fails'
    GROUP BY ALL
)
SELECT year(s.month) AS year, s.fate, sum(s.dry_t) AS surplus_dry_t,
       sum(least(s.dry_t, coalesce(d.demand_dry_t, 0))) AS matched_dry_t,
       list(DISTINCT s.company_id ORDER BY s.company_id) AS companies,
       coalesce(list_sort(list_distinct(flatten(list(d.buyers) FILTER (WHERE d.buyers IS NOT NULL)))), [])
           AS buyers
FROM byproduct_surplus s
LEFT JOIN demand d ON d.from_site_id = s.site_id AND d.offered = s.material_code AND d.fate = s.fate
                  AND d.month = s.month
GROUP BY ALL
ORDER BY year, s.fate;
