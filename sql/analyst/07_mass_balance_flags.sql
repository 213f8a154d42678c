-- Site-months whose wood mass balance does not close within the tolerance
SELECT company_id, site_id, strftime(period_start, '%Y-%m') AS month, round(in_t) AS in_dry_t,
       round(out_t) AS out_dry_t, round(delta_stock) AS stock_change, round(closure_error, 3) AS closure_error
FROM mass_balance
WHERE flagged
ORDER BY closure_error DESC;
