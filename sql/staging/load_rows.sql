-- Appends a staged file's good rows to its canonical table ({table} is chosen from the dataset
-- registry, never from input).
INSERT INTO {table} BY NAME
SELECT $file_hash AS file_hash, $company_id AS company_id, * EXCLUDE (errors, raw)
FROM stg_ready
WHERE len(errors) = 0;
