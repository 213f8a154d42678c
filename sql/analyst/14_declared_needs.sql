-- Declared needs month by month: how much of each the cluster's surplus could cover within its limits
-- (at most the need), and which limits the other matches miss
SELECT d.site_id, strftime(d.month, '%Y-%m') AS month, d.material_code, round(d.dry_t) AS need_dry_t,
       count(o.offered) AS matches,
       round(least(d.dry_t, coalesce(sum(o.dry_t) FILTER (WHERE o.spec_status <> 'fails'), 0)))
           AS within_limits_dry_t,
       string_agg(DISTINCT o.spec_issues, '; ') AS missed_limits
FROM declared_demand d
LEFT JOIN sharing_opportunities o ON o.demand_source = 'declared' AND o.to_site_id = d.site_id
                                 AND o.need_no = d.need_no AND o.month = d.month
GROUP BY d.company_id, d.need_no, d.site_id, d.month, d.material_code, d.dry_t
ORDER BY d.site_id, d.need_no, d.month;
