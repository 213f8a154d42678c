-- Quarantined rows still waiting for a fix: those of files that were not replaced since (a
-- superseded file's rows stay in quarantine_rows for audit; $all shows them too).
SELECT q.company_id, f.file_name, q.source_row, q.dataset, f.status AS file_status,
       array_to_string(q.errors, ' | ') AS errors,
       CASE WHEN $raw THEN CAST(q.raw AS VARCHAR) END AS raw
FROM quarantine_rows q
JOIN ingest_files f ON f.file_hash = q.file_hash AND f.status <> 'duplicate'
WHERE ($company IS NULL OR q.company_id = $company)
  AND ($file IS NULL OR f.file_name = $file)
  AND ($all OR f.status <> 'superseded')
ORDER BY q.company_id, f.file_name, q.source_row
LIMIT $limit;
