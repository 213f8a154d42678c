-- Where a failed expectation's sample values sit: file and row of up to 5 rows holding them
-- ({table} and {column} come from the suite, which is derived from the dataset registry).
SELECT f.file_name, t.source_row, CAST(t.{column} AS VARCHAR) AS value
FROM {table} t
JOIN ingest_files f ON f.file_hash = t.file_hash AND f.status IN ('loaded', 'partially_loaded')
WHERE CASE WHEN $nulls THEN t.{column} IS NULL ELSE list_contains($values, CAST(t.{column} AS VARCHAR)) END
ORDER BY f.file_name, t.source_row
LIMIT 5;
