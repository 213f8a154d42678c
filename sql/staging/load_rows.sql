-- Appends a staged file's good rows to its canonical table in one streaming pass ({table} comes
-- from the dataset registry, never from input; the ready rows are staging/quantity.sql).
INSERT INTO {table} BY NAME
SELECT $file_hash AS file_hash, $company_id AS company_id, * EXCLUDE (errors, raw)
FROM ({ready})
WHERE len(errors) = 0;
