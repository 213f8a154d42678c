-- The ledger as a steward reads it: every file seen, newest first within a company.
SELECT company_id, file_name, dataset, status, rows_read, rows_loaded, rows_quarantined,
       first_date, last_date, processed_at::TIMESTAMP(0) AS processed_at, message
FROM ingest_files
WHERE ($company IS NULL OR company_id = $company)
  AND ($status IS NULL OR status = $status)
ORDER BY company_id, processed_at DESC, file_name
LIMIT $limit;
