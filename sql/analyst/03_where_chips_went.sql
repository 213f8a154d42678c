-- Where the sawmills' chips went in 2025: receiving company (or outside the cluster), dry tonnes
SELECT f.from_company_id AS sawmill, coalesce(f.to_company_id, 'outside: ' || f.to_name) AS receiver,
       round(sum(f.dry_t)) AS dry_t
FROM material_flows f
JOIN ref_companies c ON c.company_id = f.from_company_id AND c.role = 'sawmill'
WHERE f.material_code = 'CHIPS' AND year(f.flow_date) = 2025
GROUP BY ALL
ORDER BY sawmill, dry_t DESC;
