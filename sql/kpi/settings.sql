-- Tolerances the KPIs flag against, set from the sidestream settings on every KPI build.
CREATE OR REPLACE TABLE kpi_settings AS
SELECT * FROM (VALUES
    ('reconciliation_tolerance', CAST($reconciliation_tolerance AS DOUBLE),
     'a receipt may differ from its shipment by this fraction before it is flagged'),
    ('mass_balance_tolerance', CAST($mass_balance_tolerance AS DOUBLE),
     'a site-month mass-balance closure error above this fraction is flagged'),
    ('mci_sustainable_share', CAST($mci_sustainable_share AS DOUBLE),
     'share of the wood feedstock from sustained (certified) production, F_S in the MCI')
) AS t(name, value, meaning);
