-- Surplus-heat utilisation = surplus heat delivered / surplus heat recoverable, MWh, by the period's
-- start date.
CREATE OR REPLACE VIEW kpi_base_surplus_heat AS
SELECT company_id, period_start AS day,
       CASE WHEN measure = 'delivered' THEN energy_mwh END AS num,
       CASE WHEN measure = 'recoverable' THEN energy_mwh END AS den
FROM energy_flows
WHERE material_code = 'SURPLUS_HEAT';

-- KPI surplus_heat_utilization = delivered / recoverable surplus heat (MWh).
CREATE OR REPLACE VIEW kpi_surplus_heat_utilization AS
SELECT * FROM kpi_rollup('kpi_base_surplus_heat', 'surplus_heat_utilization', 'MWh/MWh',
                         'no recoverable surplus heat reported for the period');
