-- A resource-sharing opportunity: bark sent to landfill while district heating buys fuel from outside (dry t)
WITH landfill AS (
    SELECT date_trunc('quarter', treatment_date) AS quarter, sum(dry_t) AS bark_to_landfill
    FROM treatments WHERE material_code = 'BARK' AND operation_code = 'D1' GROUP BY ALL
),
bought AS (
    SELECT date_trunc('quarter', r.receipt_date) AS quarter, sum(r.dry_t) AS fuel_bought_outside
    FROM receipts r JOIN ref_sites s ON s.site_id = r.receiver_site_id AND s.role = 'district_heating'
    WHERE r.sender_site_id IS NULL GROUP BY ALL
)
SELECT strftime(quarter, '%Y-Q') || quarter(quarter) AS quarter, round(bark_to_landfill) AS bark_to_landfill,
       round(fuel_bought_outside) AS fuel_bought_outside
FROM landfill FULL JOIN bought USING (quarter)
ORDER BY quarter;
