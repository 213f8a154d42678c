-- Recovery and disposal rates of residues handed over for treatment, by mass (dry t of wood plus
-- t of minerals), interim operations (R12, R13, D13-D15) excluded: R-coded / total, D-coded / total.
CREATE OR REPLACE MACRO kpi_base_treatment_kind(wanted_kind) AS TABLE
SELECT t.company_id, t.treatment_date AS day,
       CASE WHEN o.kind = wanted_kind THEN coalesce(t.dry_t, t.mineral_t) END AS num,
       coalesce(t.dry_t, t.mineral_t) AS den
FROM treatments t JOIN ref_operations o ON o.code = t.operation_code
WHERE NOT o.interim;

CREATE OR REPLACE VIEW kpi_base_recovery_rate AS FROM kpi_base_treatment_kind('recovery');

-- KPI recovery_rate = R-coded / all residues with a final code (t).
CREATE OR REPLACE VIEW kpi_recovery_rate AS
SELECT * FROM kpi_rollup('kpi_base_recovery_rate', 'recovery_rate', 't/t',
                         'no residues with a final R/D code in the period');

CREATE OR REPLACE VIEW kpi_base_disposal_rate AS FROM kpi_base_treatment_kind('disposal');

-- KPI disposal_rate = D-coded / all residues with a final code (t).
CREATE OR REPLACE VIEW kpi_disposal_rate AS
SELECT * FROM kpi_rollup('kpi_base_disposal_rate', 'disposal_rate', 't/t',
                         'no residues with a final R/D code in the period');
