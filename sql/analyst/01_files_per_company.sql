-- Files and rows received per company, and how many rows are waiting in quarantine
SELECT company_id, count(*) AS files, sum(rows_read) AS rows_read, sum(rows_loaded) AS rows_loaded,
       sum(rows_quarantined) AS quarantined, max(last_date) AS data_until
FROM ingest_files
WHERE status IN ('loaded', 'partially_loaded')
GROUP BY company_id
ORDER BY company_id;
