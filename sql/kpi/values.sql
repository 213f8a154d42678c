-- Every ratio KPI in one long table, by its stable name (kpi), period and scope (a company id, or
-- 'cluster'). Formulas and edge cases: docs/kpis.md.
CREATE OR REPLACE VIEW kpi_values AS
SELECT * FROM kpi_sawing_yield
UNION ALL SELECT * FROM kpi_byproduct_utilization
UNION ALL SELECT * FROM kpi_exchange_rate
UNION ALL SELECT * FROM kpi_material_use_share
UNION ALL SELECT * FROM kpi_energy_use_share
UNION ALL SELECT * FROM kpi_recovery_rate
UNION ALL SELECT * FROM kpi_disposal_rate
UNION ALL SELECT * FROM kpi_surplus_heat_utilization
UNION ALL SELECT * FROM kpi_reconciliation_flag_rate
UNION ALL SELECT * FROM kpi_mass_balance_closure_error
UNION ALL
SELECT kpi, period_type, period_start, scope, NULL AS numerator, feedstock_dry_t AS denominator, value,
       'index 0-1' AS unit, reason, contributors
FROM kpi_mci;
