-- Where a lot came from, as rows of the trace_up macro (sql/model/trace_macros.sql).
SELECT depth, site_id, lot_id, material_code, qty, qty_unit, company_id, site_name, first_date, origin,
       kind, ref, event_date, share, path
FROM trace_up($site_id, $lot_id, max_depth := $max_depth);
