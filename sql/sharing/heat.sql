-- Heat planning for district heating, per calendar month for the whole cluster (MWh): surplus heat
-- recoverable and delivered to district-heating sites against district-heating demand (the heat those
-- sites produce into their networks). A period that spans months is split over them by its days.
-- heat_companies / demand_companies: how many companies make up each side that month.
CREATE OR REPLACE VIEW heat_planning_month AS
WITH dh_sites AS (SELECT site_id FROM ref_sites WHERE role = 'district_heating'),
flows AS (
    SELECT CASE
               WHEN material_code = 'SURPLUS_HEAT' AND measure = 'recoverable' THEN 'recoverable'
               WHEN material_code = 'SURPLUS_HEAT' AND measure = 'delivered'
                    AND receiver_site_id IN (SELECT site_id FROM dh_sites) THEN 'delivered'
               WHEN material_code = 'DISTRICT_HEAT' AND measure = 'produced'
                    AND site_id IN (SELECT site_id FROM dh_sites) THEN 'demand'
           END AS kind,
           company_id, energy_mwh, period_start, period_end
    FROM energy_flows
    WHERE energy_mwh IS NOT NULL
),
monthly AS (
    SELECT f.kind, f.company_id, CAST(m.month AS DATE) AS month,
           f.energy_mwh
           * (date_diff('day', greatest(f.period_start, CAST(m.month AS DATE)),
                        least(f.period_end, CAST(m.month + INTERVAL 1 MONTH AS DATE) - 1)) + 1)
           / (date_diff('day', f.period_start, f.period_end) + 1) AS mwh
    FROM flows f,
         unnest(generate_series(date_trunc('month', f.period_start), f.period_end, INTERVAL 1 MONTH)) AS m(month)
    WHERE f.kind IS NOT NULL
),
totals AS (
    SELECT month,
           coalesce(sum(mwh) FILTER (WHERE kind = 'recoverable'), 0) AS recoverable_mwh,
           coalesce(sum(mwh) FILTER (WHERE kind = 'delivered'), 0) AS delivered_mwh,
           coalesce(sum(mwh) FILTER (WHERE kind = 'demand'), 0) AS demand_mwh,
           count(DISTINCT company_id) FILTER (WHERE kind IN ('recoverable', 'delivered')) AS heat_companies,
           count(DISTINCT company_id) FILTER (WHERE kind = 'demand') AS demand_companies
    FROM monthly GROUP BY month
)
SELECT month, recoverable_mwh, delivered_mwh, demand_mwh,
       delivered_mwh / nullif(demand_mwh, 0) AS coverage,
       least(recoverable_mwh, demand_mwh) / nullif(demand_mwh, 0) AS potential_coverage,
       greatest(least(recoverable_mwh, demand_mwh) - delivered_mwh, 0) AS unused_potential_mwh,
       greatest(recoverable_mwh - demand_mwh, 0) AS beyond_demand_mwh,
       demand_mwh / nullif(sum(demand_mwh) OVER (PARTITION BY year(month)), 0) AS demand_share_of_year,
       recoverable_mwh / nullif(sum(recoverable_mwh) OVER (PARTITION BY year(month)), 0) AS recoverable_share_of_year,
       heat_companies, demand_companies
FROM totals;
