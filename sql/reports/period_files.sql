-- What arrived for the month: files whose rows fall in it, by status, and the companies reporting.
SELECT status, count(*) AS files, sum(rows_read) AS rows_read, sum(rows_quarantined) AS rows_quarantined,
       count(DISTINCT company_id) AS companies
FROM ingest_files
WHERE $month BETWEEN period_start AND period_end
GROUP BY status
ORDER BY status;
