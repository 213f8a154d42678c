-- Resource sharing: by-product that goes to disposal, leaves the cluster, or is burned although a
-- material use exists (surplus), against wood a member buys from outside the cluster or declares it
-- needs (demand), matched through ref_substitutions, per month. Quantities in dry t; transport in green t
-- at the surplus's moisture.

CREATE OR REPLACE MACRO haversine_km(lat1, lon1, lat2, lon2) AS
    2 * 6371.0 * asin(sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
                           + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)));

-- By-product surplus per site, material and month, with its current fate: disposal (D codes),
-- leaves_cluster (shipped outside), energy_recovery (R1 of a material that has a material use); its
-- quality: moisture (% wet basis over the green mass, 2 decimals; moisture_basis says whether the exports
-- reported it, partly, or the material's default stands in), LoW code, typical ash (% dry) from ref_material_quality; and its site's location.
CREATE OR REPLACE VIEW byproduct_surplus AS
WITH byproduct AS (SELECT code FROM ref_materials WHERE category = 'by-product' AND stream = 'wood'),
material_use AS (SELECT DISTINCT offered FROM ref_substitutions WHERE use = 'material'),
fates AS (
    SELECT t.company_id, t.site_id, t.treatment_date AS day, t.material_code, t.dry_t, t.moisture_pct,
           t.moisture_source, CASE WHEN o.kind = 'disposal' THEN 'disposal' ELSE 'energy_recovery' END AS fate
    FROM treatments t JOIN ref_operations o ON o.code = t.operation_code
    WHERE NOT o.interim AND t.material_code IN (SELECT code FROM byproduct)
      AND (o.kind = 'disposal' OR (t.operation_code = 'R1' AND t.material_code IN (SELECT offered FROM material_use)))
    UNION ALL
    SELECT company_id, sender_site_id, ship_date, material_code, dry_t, moisture_pct, moisture_source, 'leaves_cluster'
    FROM shipments
    WHERE receiver_site_id IS NULL AND material_code IN (SELECT code FROM byproduct)
),
monthly AS (
    SELECT company_id, site_id, CAST(date_trunc('month', day) AS DATE) AS month, material_code, fate,
           sum(dry_t) AS dry_t, sum(dry_t / (1 - moisture_pct / 100)) AS green_t,
           bool_and(moisture_source = 'reported') AS all_reported, bool_or(moisture_source = 'reported') AS any_reported
    FROM fates GROUP BY ALL
)
SELECT f.company_id, f.site_id, f.month, f.material_code, f.fate, f.dry_t,
       round(100 * (1 - f.dry_t / f.green_t), 2) AS moisture_pct,
       CASE WHEN f.all_reported THEN 'reported' WHEN f.any_reported THEN 'partly reported' ELSE 'default' END
           AS moisture_basis,
       m.low_code, q.ash_pct_dry AS typical_ash_pct, s.lat, s.lon
FROM monthly f
JOIN ref_materials m ON m.code = f.material_code
JOIN ref_sites s ON s.site_id = f.site_id
LEFT JOIN ref_material_quality q ON q.code = f.material_code;

-- Wood a member buys from outside the cluster, per receiving site, material and month.
CREATE OR REPLACE VIEW external_demand AS
SELECT r.company_id, r.receiver_site_id AS site_id, CAST(date_trunc('month', r.receipt_date) AS DATE) AS month,
       r.material_code, sum(r.dry_t) AS dry_t
FROM receipts r JOIN ref_materials m ON m.code = r.material_code AND m.stream = 'wood'
WHERE r.sender_site_id IS NULL
GROUP BY ALL;

-- Declared needs per month: each need repeats over its months; a need without first or last month runs
-- over the months the cluster's flows cover.
CREATE OR REPLACE VIEW declared_demand AS
WITH flow_months AS (
    SELECT min(day) AS first_day, max(day) AS last_day FROM (
        SELECT receipt_date AS day FROM receipts UNION ALL SELECT ship_date FROM shipments
        UNION ALL SELECT treatment_date FROM treatments UNION ALL SELECT event_date FROM production_items)
)
SELECT n.company_id, n.need_no, n.site_id, CAST(g.month AS DATE) AS month, n.material_code,
       n.dry_t_per_month AS dry_t, n.max_moisture_pct, n.max_ash_pct, n.max_distance_km, n.replaces_purchases,
       n.note, n.source
FROM declared_needs n, flow_months f,
     unnest(generate_series(coalesce(n.first_month, date_trunc('month', f.first_day)),
                            coalesce(n.last_month, date_trunc('month', f.last_day)), INTERVAL 1 MONTH)) AS g(month)
WHERE n.dry_t_per_month IS NOT NULL;

-- Demand the matching uses, per site, material and month, one row per source: each declared need
-- (with its limits), and what the site bought from outside. A need declared with replaces_purchases
-- is the site's whole need, so the purchases it covers are not counted beside it.
CREATE OR REPLACE VIEW sharing_demand AS
SELECT company_id, site_id, month, material_code, dry_t, 'declared' AS demand_source, need_no,
       max_moisture_pct, max_ash_pct, max_distance_km
FROM declared_demand
UNION ALL
SELECT e.company_id, e.site_id, e.month, e.material_code, e.dry_t, 'purchases', NULL, NULL, NULL, NULL
FROM external_demand e
WHERE NOT EXISTS (SELECT 1 FROM declared_demand d
                  WHERE d.replaces_purchases AND d.site_id = e.site_id AND d.material_code = e.material_code
                    AND d.month = e.month);

-- Every match of a surplus with a demand in the same month, checked against the demand's limits
-- (spec_status meets | unchecked | fails, spec_issues says which) and ranked: matches that fail a limit
-- last; then by the gain in the cascade (gain_score: 3 disposal -> material use, 2 disposal -> energy or
-- energy -> material, 1 kept in the cluster instead of leaving it), quantity and distance. `reasons` says why.
CREATE OR REPLACE VIEW sharing_opportunities AS
WITH params AS (
    SELECT (SELECT value FROM ref_transport WHERE code = 'road_factor') AS road_factor,
           (SELECT value FROM ref_transport WHERE code = 'truck_co2') AS co2
),
matched AS (
    SELECT s.month, s.company_id AS from_company_id, s.site_id AS from_site_id, s.material_code AS offered,
           s.fate, d.company_id AS to_company_id, d.site_id AS to_site_id, d.material_code AS wanted, x.use,
           d.demand_source, d.need_no, least(s.dry_t, d.dry_t) AS dry_t, s.dry_t AS surplus_dry_t,
           d.dry_t AS demand_dry_t,
           haversine_km(s.lat, s.lon, b.lat, b.lon) * p.road_factor AS road_km, s.moisture_pct, s.moisture_basis,
           s.typical_ash_pct, d.max_moisture_pct, d.max_ash_pct, d.max_distance_km, x.gain_note,
           CASE WHEN s.fate = 'disposal' AND x.use = 'material' THEN 3
                WHEN s.fate = 'disposal' OR (s.fate = 'energy_recovery' AND x.use = 'material') THEN 2
                ELSE 1 END AS gain_score,
           p.road_factor, p.co2
    FROM byproduct_surplus s
    JOIN ref_substitutions x ON x.offered = s.material_code
    JOIN sharing_demand d ON d.material_code = x.wanted AND d.month = s.month AND d.site_id <> s.site_id
    JOIN ref_sites b ON b.site_id = d.site_id
    CROSS JOIN params p
    WHERE NOT (s.fate = 'energy_recovery' AND x.use = 'energy')
),
checked AS (
    SELECT *, dry_t / (1 - moisture_pct / 100) AS green_t,
           concat_ws('; ',
               CASE WHEN moisture_pct > max_moisture_pct THEN 'moisture ' || round(moisture_pct, 1) || ' %'
                    || CASE moisture_basis WHEN 'default' THEN ' (the material''s default: not reported)'
                                           WHEN 'partly reported' THEN ' (partly the material''s default)' ELSE '' END
                    || ' is above the ' || max_moisture_pct || ' % limit' END,
               CASE WHEN typical_ash_pct > max_ash_pct THEN 'typical ash ' || typical_ash_pct
                    || ' % is above the ' || max_ash_pct || ' % limit' END,
               CASE WHEN road_km > max_distance_km THEN round(road_km, 1) || ' km by road is beyond the '
                    || max_distance_km || ' km limit' END,
               CASE WHEN max_ash_pct IS NOT NULL AND typical_ash_pct IS NULL
                    THEN 'ash limit not checked: no typical ash for ' || offered END) AS spec_issues,
           CASE WHEN moisture_pct > max_moisture_pct OR typical_ash_pct > max_ash_pct
                     OR road_km > max_distance_km THEN 'fails'
                WHEN max_ash_pct IS NOT NULL AND typical_ash_pct IS NULL THEN 'unchecked'
                ELSE 'meets' END AS spec_status
    FROM matched
)
SELECT month, from_company_id, from_site_id, offered, fate, to_company_id, to_site_id, wanted, use, demand_source,
       need_no, dry_t, surplus_dry_t, demand_dry_t, road_km, moisture_pct, moisture_basis, typical_ash_pct,
       max_moisture_pct, max_ash_pct, max_distance_km, spec_status, nullif(spec_issues, '') AS spec_issues, gain_note, gain_score,
       green_t, green_t * road_km AS tonne_km, green_t * road_km * co2 AS transport_co2_kg,
       offered || ' ' || round(surplus_dry_t, 1) || ' t dry ' ||
           CASE fate WHEN 'disposal' THEN 'goes to disposal' WHEN 'leaves_cluster' THEN 'leaves the cluster'
                     ELSE 'is burned though it has a material use' END
           || ' at ' || from_site_id || '; ' || to_site_id
           || CASE demand_source WHEN 'declared' THEN ' declares a need of ' ELSE ' buys ' END
           || round(demand_dry_t, 1) || ' t dry ' || wanted
           || CASE demand_source WHEN 'declared' THEN '' ELSE ' from outside' END || '; '
           || round(road_km, 1) || ' km by road (straight line x ' || road_factor || '); ' || gain_note
           || CASE WHEN spec_issues <> '' THEN '; ' || spec_issues ELSE '' END AS reasons,
       row_number() OVER (PARTITION BY month ORDER BY spec_status = 'fails', gain_score DESC, dry_t DESC,
                          road_km) AS rank_in_month
FROM checked;

-- The same per year: one row per (from site, offered material, fate, to site, wanted material, demand
-- source and declared need). dry_t
-- counts only months that meet the demand's limits (or could not be checked); dry_t_failing_spec the rest.
-- Ranked by gain, then dry_t, then distance; pairs with nothing meeting the limits last.
CREATE OR REPLACE VIEW sharing_opportunities_year AS
WITH yearly AS (
    SELECT year(month) AS year, from_company_id, from_site_id, offered, fate, to_company_id, to_site_id, wanted,
           use, demand_source, need_no,
           coalesce(sum(dry_t) FILTER (WHERE spec_status <> 'fails'), 0) AS dry_t,
           coalesce(sum(dry_t) FILTER (WHERE spec_status = 'fails'), 0) AS dry_t_failing_spec,
           count(*) AS months, count(*) FILTER (WHERE spec_status = 'fails') AS months_failing_spec,
           any_value(road_km) AS road_km,
           coalesce(sum(tonne_km) FILTER (WHERE spec_status <> 'fails'), 0) AS tonne_km,
           coalesce(sum(transport_co2_kg) FILTER (WHERE spec_status <> 'fails'), 0) AS transport_co2_kg,
           max(gain_score) AS gain_score, any_value(gain_note) AS gain_note,
           string_agg(DISTINCT spec_issues, '; ') AS spec_issues
    FROM sharing_opportunities
    GROUP BY ALL
)
SELECT *, row_number() OVER (PARTITION BY year ORDER BY months_failing_spec = months, gain_score DESC, dry_t DESC,
                                                         road_km) AS rank
FROM yearly;
