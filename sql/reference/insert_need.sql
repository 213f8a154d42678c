-- One declared need, its monthly quantity converted to dry t like an export row (moisture: declared or
-- the material's default). Non-wood materials and units the material has no factor for give NULL.
INSERT INTO declared_needs
SELECT $company_id, $need_no, $site_id, m.code, $quantity, u.code, coalesce($moisture_pct, m.default_moisture_pct),
       CASE WHEN m.stream = 'wood' THEN
           wood_dry_t($quantity * u.factor, u.basis, coalesce($moisture_pct, m.default_moisture_pct) / 100,
                      m.basic_density_kg_m3, m.bulk_solid_fraction, m.stacked_solid_fraction, m.lhv_dry_mj_kg)
       END,
       $first_month, $last_month, $max_moisture_pct, $max_ash_pct, $max_distance_km, $replaces_purchases, $note, $source
FROM ref_materials m, ref_units u
WHERE m.code = $material AND u.code = $unit;
