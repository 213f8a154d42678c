-- The harvest plots a lot's wood comes from, with the share of the lot from each, and the lots of
-- unknown or external origin in its ancestry (plot_id NULL). A plot is the harvesting site the
-- root lot was cut at; its producer is the company holding that site.
SELECT o.origin, o.site_id, o.lot_id, o.share,
       CASE WHEN o.origin = 'harvest' THEN s.site_id END AS plot_id,
       s.name AS plot_name, s.lat, s.lon, c.name AS producer, c.org_number AS producer_org_number
FROM lot_origins($site_id, $lot_id, max_depth := $max_depth) o
LEFT JOIN ref_sites s ON s.site_id = o.site_id
LEFT JOIN ref_companies c ON c.company_id = s.company_id
ORDER BY o.share DESC, o.site_id, o.lot_id;
