-- Keeps a staged file's bad rows, with every problem found, for the steward.
INSERT INTO quarantine_rows
SELECT $file_hash, source_row, $company_id, $dataset, raw, errors
FROM stg_ready
WHERE len(errors) > 0;
