-- One ledger row for a file just processed (statuses other than superseded; see mark_superseded.sql).
INSERT INTO ingest_files BY NAME
SELECT $file_hash AS file_hash, $company_id AS company_id, $file_name AS file_name, $export_name AS export_name,
       $dataset AS dataset, $size_bytes AS size_bytes, $received_at AS received_at,
       now()::TIMESTAMP AS processed_at, $status AS status, $rows_read AS rows_read, $rows_loaded AS rows_loaded,
       $rows_quarantined AS rows_quarantined, $first_date AS first_date, $last_date AS last_date,
       $period_start AS period_start, $period_end AS period_end, $duplicate_of AS duplicate_of,
       $message AS message;
