-- Files processed since $since that a steward should look at: rejected, or loaded with a warning.
SELECT company_id, file_name, status, message
FROM ingest_files
WHERE processed_at >= $since AND (status = 'rejected' OR message LIKE 'warning:%')
ORDER BY ALL
LIMIT 20;
