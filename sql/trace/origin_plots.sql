-- The harvest plots a lot's wood comes from, with the share of the lot from each, and the lots of
-- unknown or external origin in its ancestry (plot_id NULL). A plot is the harvest sub-object of a
-- harvester file (hull of its stems, area) when the root lot came from one, else the harvesting
-- site the root lot was made at; its producer is the company holding that site.
SELECT o.origin, o.site_id, o.lot_id, o.share,
       CASE WHEN o.origin = 'harvest' THEN coalesce(s.site_id || '/' || hp.object_key || '-' || hp.subobject_key,
                                                     s.site_id) END AS plot_id,
       coalesce(hp.name, s.name) AS plot_name, coalesce(hp.lat, s.lat) AS lat, coalesce(hp.lon, s.lon) AS lon,
       c.name AS producer, c.org_number AS producer_org_number, hp.area_ha, CAST(hp.hull AS VARCHAR) AS hull
FROM lot_origins($site_id, $lot_id, max_depth := $max_depth) o
LEFT JOIN ref_sites s ON s.site_id = o.site_id
LEFT JOIN ref_companies c ON c.company_id = s.company_id
LEFT JOIN harvest_plots hp ON hp.site_id = o.site_id
     AND starts_with(o.lot_id, 'H' || hp.object_key || '-' || hp.subobject_key || '-')
ORDER BY o.share DESC, o.site_id, o.lot_id;
