-- Marks a file as replaced by a later export of the same company, export and period.
UPDATE ingest_files SET status = 'superseded', superseded_by = $superseded_by
WHERE file_hash = $file_hash AND company_id = $company_id AND file_name = $file_name;
