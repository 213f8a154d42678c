-- Rows of superseded files, moved out of their canonical table ({table}, from the dataset registry)
-- when a corrected re-export replaced the file: kept for audit, never counted.
CREATE TABLE IF NOT EXISTS {table}_retired AS
SELECT *, CAST(NULL AS VARCHAR) AS superseded_by, CAST(NULL AS TIMESTAMP) AS retired_at
FROM {table}
WITH NO DATA;
