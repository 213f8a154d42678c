-- The months a staged file covers, from the dates in its time field ({time_field}, from the dataset
-- registry) that parse; NULL when none does.
SELECT
    CAST(date_trunc('month', min(parse_date({time_field}, $date_format))) AS DATE) AS period_start,
    last_day(max(parse_date({time_field}, $date_format))) AS period_end
FROM stg_file;
