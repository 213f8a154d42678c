-- Conversion of wood quantities between measurement bases. Inputs: q = quantity already multiplied
-- by the unit's factor to its base unit; basis from ref_units; w = moisture as a fraction (wet
-- basis); density = basic density kg dry per m3 green solid; bulk / stacked = solid fraction of a
-- loose / stacked m3; lhv = dry lower heating value MJ/kg. Sources are in data/reference/*.csv.

-- As-received lower heating value, MJ/kg (EN ISO 18125 form): q_ar = q_dry (1 - w) - 2.443 w.
CREATE OR REPLACE MACRO q_ar_mj_per_kg(lhv_dry, w) AS lhv_dry * (1 - w) - 2.443 * w;

-- Dry tonnes of wood.
CREATE OR REPLACE MACRO wood_dry_t(q, basis, w, density, bulk, stacked, lhv) AS (
    CASE basis
        WHEN 'solid_volume' THEN q * density / 1000
        WHEN 'loose_volume' THEN q * bulk * density / 1000
        WHEN 'stacked_volume' THEN q * stacked * density / 1000
        WHEN 'wet_mass' THEN q * (1 - w)
        WHEN 'dry_mass' THEN q
        -- energy as received: green tonnes = MWh * 3.6 GJ/MWh / q_ar GJ/t
        WHEN 'energy' THEN q * 3.6 / q_ar_mj_per_kg(lhv, w) * (1 - w)
    END
);

-- Solid m3 of wood (green volume), from dry tonnes and basic density.
CREATE OR REPLACE MACRO wood_solid_m3(dry_t, density) AS dry_t * 1000 / density;

-- Energy content as received, MWh: green tonnes * q_ar / 3.6.
CREATE OR REPLACE MACRO wood_mwh(dry_t, w, lhv) AS dry_t / (1 - w) * q_ar_mj_per_kg(lhv, w) / 3.6;
