-- The ranked opportunities of a year for the CLI; `limits` says whether the demand's limits are met.
SELECT rank, from_site_id, offered, fate, to_site_id, wanted, use, demand_source AS demand,
       round(dry_t, 1) AS dry_t, round(dry_t_failing_spec, 1) AS dry_t_failing_limits, months,
       round(road_km, 1) AS road_km, round(tonne_km) AS tonne_km, round(transport_co2_kg) AS co2_kg,
       coalesce(spec_issues, 'met') AS limits, gain_note
FROM sharing_opportunities_year
WHERE year = $year
ORDER BY rank
LIMIT $limit;
