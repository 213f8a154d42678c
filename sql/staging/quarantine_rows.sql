-- Keeps a staged file's bad rows, with every problem found, for the steward. Run only when the
-- load took fewer rows than the file has (the ready rows are staging/quantity.sql).
INSERT INTO quarantine_rows
SELECT $file_hash, source_row, $company_id, $dataset, raw, errors
FROM ({ready})
WHERE len(errors) > 0;
