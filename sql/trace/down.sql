-- Where a lot went, as rows of the trace_down macro (sql/model/trace_macros.sql).
SELECT depth, site_id, lot_id, material_code, qty, qty_unit, company_id, site_name, first_date, origin,
       kind, ref, event_date, share, path
FROM trace_down($site_id, $lot_id, max_depth := $max_depth);
