-- Forwarded against harvested wood per harvest site (landing), harvest object and material, in m3
-- solid (solid_m3; harvester and forwarder report m3 solid under bark). Harvested: the harvester's
-- production outputs, whose lots are 'H<object_key>-<subobject_key>-<product key>' (the object key
-- is read from the lot id); forwarded: forwarded_loads. difference_m3 = harvested - forwarded: above
-- zero is wood left in the forest (or not yet forwarded), below zero was forwarded beyond the
-- harvester's record; status names the case, including objects only one of the two machines reported.
-- Machine volumes are estimates: a difference within $forwarding_tolerance of the harvested volume
-- (MODEL_PARAMETERS in pipelines/core/settings.py) counts as balanced. A table, rebuilt each model run.
CREATE OR REPLACE TABLE forwarding_balance AS
WITH harvested AS (
    SELECT site_id, regexp_extract(lot_id, '^H([0-9]+)-', 1) AS object_key, material_code,
           sum(solid_m3) AS m3, count(DISTINCT batch_id) AS sub_objects, max(event_date) AS last_harvest_date
    FROM production_items
    WHERE direction = 'output' AND regexp_full_match(lot_id, 'H[0-9]+-[0-9]+-[0-9]+')
    GROUP BY ALL
),
forwarded AS (
    SELECT site_id, object_key, material_code, max(object_name) AS object_name, sum(solid_m3) AS m3,
           count(*) AS partial_loads, max(unloading_date) AS last_unloading_date
    FROM forwarded_loads
    GROUP BY ALL
),
joined AS (
    SELECT site_id, object_key, material_code, f.object_name, h.sub_objects,
           round(h.m3, 3) AS harvested_m3, round(f.m3, 3) AS forwarded_m3,
           round(coalesce(h.m3, 0) - coalesce(f.m3, 0), 3) AS difference_m3,
           f.partial_loads, h.last_harvest_date, f.last_unloading_date
    FROM harvested h FULL JOIN forwarded f USING (site_id, object_key, material_code)
)
SELECT
    s.company_id, j.site_id, j.object_key, j.object_name, j.material_code, j.sub_objects,
    j.harvested_m3, j.forwarded_m3, j.difference_m3,
    round(j.forwarded_m3 / nullif(j.harvested_m3, 0), 4) AS forwarded_share,
    j.partial_loads, j.last_harvest_date, j.last_unloading_date,
    CASE
        WHEN j.harvested_m3 IS NULL THEN 'forwarded without harvest record'
        WHEN j.forwarded_m3 IS NULL THEN 'not forwarded'
        WHEN abs(j.difference_m3) <= CAST($forwarding_tolerance AS DOUBLE) * j.harvested_m3 THEN 'balanced'
        WHEN j.difference_m3 > 0 THEN 'left in forest'
        ELSE 'forwarded more than harvested'
    END AS status
FROM joined j
LEFT JOIN ref_sites s USING (site_id)
ORDER BY j.site_id, j.object_key, j.material_code;
