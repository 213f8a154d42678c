-- File names for rows identified by (file_hash, source_row), as returned by row-level queries.
SELECT f.file_name, r.source_row
FROM (SELECT unnest($hashes) AS file_hash, unnest($rows) AS source_row) r
JOIN ingest_files f ON f.file_hash = r.file_hash AND f.status IN ('loaded', 'partially_loaded')
ORDER BY f.file_name, r.source_row
LIMIT 5;
