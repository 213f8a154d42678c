-- A staged file's rows, ready to load: the dataset's typed fields (the `typed` step, from
-- staging/<dataset>.sql) plus the quantity, unit, material and moisture common to every dataset,
-- normalised to canonical bases (macros/quantity.sql), with every problem found in `errors`.
-- Rows with no errors load (load_rows.sql); the others go to quarantine (quarantine_rows.sql).
WITH typed AS NOT MATERIALIZED (
{typed}
),
parsed AS (
    SELECT
        t.* EXCLUDE (material, quantity, unit, moisture_pct),
        t.material AS material_raw,
        coalesce(vm.ours, t.material) AS material_code,
        t.quantity AS quantity_raw,
        parse_number(t.quantity, $decimal, $thousands) AS qty_reported,
        t.unit AS unit_reported,
        coalesce(vu.ours, t.unit) AS unit_code,
        t.moisture_pct AS moisture_raw,
        parse_number(t.moisture_pct, $decimal, $thousands) AS moisture_reported
    FROM typed t
    LEFT JOIN stg_value_map vm ON vm.kind = 'material' AND vm.theirs = t.material
    LEFT JOIN stg_value_map vu ON vu.kind = 'unit' AND vu.theirs = t.unit
),
joined AS (
    SELECT
        p.*,
        m.code IS NOT NULL AS material_known,
        u.code IS NOT NULL AS unit_known,
        m.stream,
        u.basis,
        p.qty_reported * u.factor AS q,
        coalesce(p.moisture_reported, m.default_moisture_pct) AS moisture_pct,
        CASE WHEN p.moisture_reported IS NOT NULL THEN 'reported'
             WHEN m.default_moisture_pct IS NOT NULL THEN 'default' END AS moisture_source,
        m.basic_density_kg_m3 AS density, m.bulk_solid_fraction AS bulk,
        m.stacked_solid_fraction AS stacked, m.lhv_dry_mj_kg AS lhv
    FROM parsed p
    LEFT JOIN ref_materials m ON m.code = p.material_code
    LEFT JOIN ref_units u ON u.code = p.unit_code
),
converted AS (
    SELECT
        j.*,
        CASE WHEN j.stream = 'wood'
            THEN wood_dry_t(j.q, j.basis, j.moisture_pct / 100, j.density, j.bulk, j.stacked, j.lhv)
        END AS wood_dry,
        [e for e in [
            missing_error('material', j.material_raw),
            CASE WHEN j.material_raw IS NOT NULL AND NOT j.material_known
                THEN 'material: unknown material ''' || j.material_raw || '''; map it under values.material' END,
            missing_error('quantity', j.quantity_raw),
            parse_error('quantity', j.quantity_raw, j.qty_reported, 'a number (decimal ''' || $decimal || ''')'),
            missing_error('unit', j.unit_reported),
            CASE WHEN j.unit_reported IS NOT NULL AND NOT j.unit_known
                THEN 'unit: unknown unit ''' || j.unit_reported || '''; map it under values.unit' END,
            parse_error('moisture_pct', j.moisture_raw, j.moisture_reported, 'a number (decimal ''' || $decimal || ''')'),
            CASE WHEN j.qty_reported < 0
                THEN 'quantity: ' || j.quantity_raw || ' is negative' END,
            CASE WHEN j.moisture_reported < 0 OR j.moisture_reported > 70
                THEN 'moisture_pct: ' || j.moisture_raw || ' is outside 0-70 % (wet basis)' END,
            CASE WHEN j.stream = 'mineral' AND j.basis NOT IN ('wet_mass', 'dry_mass')
                THEN 'unit: ' || j.unit_code || ' measures ' || j.basis || ', but ' || j.material_code
                     || ' is a mineral reported by mass (t, kg)' END,
            CASE WHEN j.stream = 'energy' AND j.basis <> 'energy'
                THEN 'unit: ' || j.unit_code || ' measures ' || j.basis || ', but ' || j.material_code
                     || ' is energy (MWh, kWh, GJ)' END,
            CASE WHEN j.stream = 'wood' AND j.basis = 'loose_volume' AND j.bulk IS NULL
                THEN 'unit: loose volume cannot be converted for ' || j.material_code
                     || ': no bulk solid fraction in the reference data' END,
            CASE WHEN j.stream = 'wood' AND j.basis = 'stacked_volume' AND j.stacked IS NULL
                THEN 'unit: stacked volume cannot be converted for ' || j.material_code
                     || ': no stacked solid fraction in the reference data' END
        ] if e IS NOT NULL] AS qty_errors
    FROM joined j
)
SELECT
    c.* EXCLUDE (errors, qty_errors, material_raw, quantity_raw, moisture_raw, moisture_reported,
                 material_known, unit_known, stream, q, density, bulk, stacked, lhv, wood_dry, _raw),
    c.wood_dry AS dry_t,
    CASE WHEN c.stream = 'wood' THEN wood_solid_m3(c.wood_dry, c.density) END AS solid_m3,
    CASE WHEN c.stream = 'mineral' AND c.basis IN ('wet_mass', 'dry_mass') THEN c.q END AS mineral_t,
    CASE WHEN c.stream = 'energy' AND c.basis = 'energy' THEN c.q
         WHEN c.stream = 'wood' THEN wood_mwh(c.wood_dry, c.moisture_pct / 100, c.lhv) END AS energy_mwh,
    list_concat(c.errors, c.qty_errors) AS errors,
    CASE WHEN len(c.errors) + len(c.qty_errors) > 0 THEN to_json(c._raw) END AS raw
FROM converted c
