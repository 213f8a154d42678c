-- Resource sharing: by-product that goes to disposal, leaves the cluster, or is burned although a
-- material use exists (surplus), against wood a member buys from outside the cluster (demand), matched
-- through ref_substitutions, per month. Quantities in dry t; transport in green t (default moisture).

CREATE OR REPLACE MACRO haversine_km(lat1, lon1, lat2, lon2) AS
    2 * 6371.0 * asin(sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
                           + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)));

-- By-product surplus per site, material and month, with its current fate: disposal (D codes),
-- leaves_cluster (shipped outside), energy_recovery (R1 of a material that has a material use).
CREATE OR REPLACE VIEW byproduct_surplus AS
WITH byproduct AS (SELECT code FROM ref_materials WHERE category = 'by-product' AND stream = 'wood'),
material_use AS (SELECT DISTINCT offered FROM ref_substitutions WHERE use = 'material'),
fates AS (
    SELECT t.company_id, t.site_id, t.treatment_date AS day, t.material_code, t.dry_t,
           CASE WHEN o.kind = 'disposal' THEN 'disposal' ELSE 'energy_recovery' END AS fate
    FROM treatments t JOIN ref_operations o ON o.code = t.operation_code
    WHERE NOT o.interim AND t.material_code IN (SELECT code FROM byproduct)
      AND (o.kind = 'disposal' OR (t.operation_code = 'R1' AND t.material_code IN (SELECT offered FROM material_use)))
    UNION ALL
    SELECT company_id, sender_site_id, ship_date, material_code, dry_t, 'leaves_cluster'
    FROM shipments
    WHERE receiver_site_id IS NULL AND material_code IN (SELECT code FROM byproduct)
)
SELECT company_id, site_id, CAST(date_trunc('month', day) AS DATE) AS month, material_code, fate, sum(dry_t) AS dry_t
FROM fates GROUP BY ALL;

-- Wood a member buys from outside the cluster, per receiving site, material and month.
CREATE OR REPLACE VIEW external_demand AS
SELECT r.company_id, r.receiver_site_id AS site_id, CAST(date_trunc('month', r.receipt_date) AS DATE) AS month,
       r.material_code, sum(r.dry_t) AS dry_t
FROM receipts r JOIN ref_materials m ON m.code = r.material_code AND m.stream = 'wood'
WHERE r.sender_site_id IS NULL
GROUP BY ALL;

-- Every match of a surplus with a demand in the same month, ranked: first by the gain in the cascade
-- (gain_score: 3 disposal -> material use, 2 disposal -> energy or energy -> material, 1 kept in the
-- cluster instead of leaving it), then by quantity, then by distance. `reasons` says why.
CREATE OR REPLACE VIEW sharing_opportunities AS
WITH params AS (
    SELECT (SELECT value FROM ref_transport WHERE code = 'road_factor') AS road_factor,
           (SELECT value FROM ref_transport WHERE code = 'truck_co2e') AS co2e
),
matched AS (
    SELECT s.month, s.company_id AS from_company_id, s.site_id AS from_site_id, s.material_code AS offered,
           s.fate, d.company_id AS to_company_id, d.site_id AS to_site_id, d.material_code AS wanted, x.use,
           least(s.dry_t, d.dry_t) AS dry_t, s.dry_t AS surplus_dry_t, d.dry_t AS demand_dry_t,
           haversine_km(a.lat, a.lon, b.lat, b.lon) AS straight_km, m.default_moisture_pct AS moisture_pct,
           x.gain_note
    FROM byproduct_surplus s
    JOIN ref_substitutions x ON x.offered = s.material_code
    JOIN external_demand d ON d.material_code = x.wanted AND d.month = s.month AND d.site_id <> s.site_id
    JOIN ref_sites a ON a.site_id = s.site_id
    JOIN ref_sites b ON b.site_id = d.site_id
    JOIN ref_materials m ON m.code = s.material_code
    WHERE NOT (s.fate = 'energy_recovery' AND x.use = 'energy')
)
SELECT m.*,
       m.straight_km * p.road_factor AS road_km,
       m.dry_t / (1 - m.moisture_pct / 100) AS green_t,
       m.dry_t / (1 - m.moisture_pct / 100) * m.straight_km * p.road_factor AS tonne_km,
       m.dry_t / (1 - m.moisture_pct / 100) * m.straight_km * p.road_factor * p.co2e AS transport_co2e_kg,
       CASE WHEN m.fate = 'disposal' AND m.use = 'material' THEN 3
            WHEN m.fate = 'disposal' OR (m.fate = 'energy_recovery' AND m.use = 'material') THEN 2
            ELSE 1 END AS gain_score,
       m.offered || ' ' || round(m.surplus_dry_t, 1) || ' t dry ' ||
           CASE m.fate WHEN 'disposal' THEN 'goes to disposal' WHEN 'leaves_cluster' THEN 'leaves the cluster'
                       ELSE 'is burned though it has a material use' END
           || ' at ' || m.from_site_id || '; ' || m.to_site_id || ' buys ' || round(m.demand_dry_t, 1) || ' t dry '
           || m.wanted || ' from outside; ' || round(m.straight_km * p.road_factor, 1) || ' km by road (straight line x '
           || p.road_factor || '); ' || m.gain_note AS reasons,
       row_number() OVER (PARTITION BY m.month ORDER BY
           CASE WHEN m.fate = 'disposal' AND m.use = 'material' THEN 3
                WHEN m.fate = 'disposal' OR (m.fate = 'energy_recovery' AND m.use = 'material') THEN 2 ELSE 1 END DESC,
           m.dry_t DESC, m.straight_km) AS rank_in_month
FROM matched m, params p;

-- The same per year: one row per (from site, offered material, fate, to site, wanted material), ranked.
CREATE OR REPLACE VIEW sharing_opportunities_year AS
SELECT year(month) AS year, from_company_id, from_site_id, offered, fate, to_company_id, to_site_id, wanted, use,
       sum(dry_t) AS dry_t, count(*) AS months, any_value(road_km) AS road_km, sum(tonne_km) AS tonne_km,
       sum(transport_co2e_kg) AS transport_co2e_kg, max(gain_score) AS gain_score, any_value(gain_note) AS gain_note,
       row_number() OVER (PARTITION BY year(month) ORDER BY max(gain_score) DESC, sum(dry_t) DESC,
                          any_value(road_km)) AS rank
FROM sharing_opportunities
GROUP BY year(month), from_company_id, from_site_id, offered, fate, to_company_id, to_site_id, wanted, use;
