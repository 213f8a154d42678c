-- Rows in the staged file, and the time span of the rows it loaded ({table} and {time_field}
-- come from the dataset registry).
SELECT
    (SELECT count(*) FROM stg_raw) AS rows_read,
    (SELECT min({time_field}) FROM {table} WHERE file_hash = $file_hash) AS first_date,
    (SELECT max({time_field}) FROM {table} WHERE file_hash = $file_hash) AS last_date;
