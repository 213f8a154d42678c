-- The ranked opportunities of a year for the CLI.
SELECT rank, from_site_id, offered, fate, to_site_id, wanted, use, round(dry_t, 1) AS dry_t, months,
       round(road_km, 1) AS road_km, round(tonne_km) AS tonne_km, round(transport_co2e_kg) AS co2e_kg, gain_note
FROM sharing_opportunities_year
WHERE year = $year
ORDER BY rank
LIMIT $limit;
