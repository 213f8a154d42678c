-- What a build did: files processed since $since by dataset and outcome.
SELECT coalesce(dataset, '-') AS dataset, status, count(*) AS files, sum(rows_read) AS rows_read,
       sum(rows_loaded) AS rows_loaded, sum(rows_quarantined) AS rows_quarantined
FROM ingest_files
WHERE processed_at >= $since
GROUP BY ALL
ORDER BY ALL;
