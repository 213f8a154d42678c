-- Rows read, loaded and quarantined for a staged file, and the time span of its loaded rows
-- ({time_field} is the dataset's date field, from the dataset registry).
SELECT
    count(*) AS rows_read,
    count(*) FILTER (WHERE len(errors) = 0) AS rows_loaded,
    count(*) FILTER (WHERE len(errors) > 0) AS rows_quarantined,
    min({time_field}) FILTER (WHERE len(errors) = 0) AS first_date,
    max({time_field}) FILTER (WHERE len(errors) = 0) AS last_date
FROM stg_ready;
