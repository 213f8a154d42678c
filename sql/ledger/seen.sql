-- Every earlier sighting of a file's bytes, the first first.
SELECT company_id, file_name, status
FROM ingest_files
WHERE file_hash = $file_hash
ORDER BY processed_at, file_name;
