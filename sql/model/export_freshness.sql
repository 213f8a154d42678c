-- Is every company's data up to date? Per company and export: the last day its loaded files cover,
-- when the next export is due (the end of the following cadence period from the company's mapping,
-- plus $grace_days), and whether it is overdue today. A company that never delivered is overdue.
CREATE OR REPLACE MACRO cadence_interval(cadence) AS
    CASE cadence WHEN 'daily' THEN INTERVAL 1 DAY WHEN 'weekly' THEN INTERVAL 7 DAY
                 WHEN 'monthly' THEN INTERVAL 1 MONTH WHEN 'quarterly' THEN INTERVAL 3 MONTH
                 ELSE INTERVAL 1 YEAR END;

-- Freshness per company and export: covered_until, last_received, due_by and whether it is overdue.
CREATE OR REPLACE TABLE export_freshness AS
WITH covered AS (
    SELECT company_id, export_name, dataset, max(period_end) AS covered_until,
           CAST(max(processed_at) AS TIMESTAMP(0)) AS last_received
    FROM ingest_files
    WHERE status IN ('loaded', 'partially_loaded', 'superseded')
    GROUP BY ALL
),
due AS (
    SELECT r.company_id, c.export_name, c.dataset, r.expected_cadence, c.covered_until, c.last_received,
           CAST(c.covered_until + cadence_interval(r.expected_cadence) + to_days(CAST($grace_days AS INTEGER))
                AS DATE) AS due_by
    FROM ref_companies r
    LEFT JOIN covered c USING (company_id)
)
SELECT *, coalesce(current_date > due_by, true) AS overdue FROM due
ORDER BY company_id, export_name;
