-- Active files of the same company and export whose period lies within the new file's period:
-- the new file replaces them. Files that only overlap are returned with replaces = false.
SELECT file_hash, file_name, period_start, period_end,
       period_start >= $period_start AND period_end <= $period_end AS replaces
FROM ingest_files
WHERE company_id = $company_id
  AND export_name = $export_name
  AND status IN ('loaded', 'partially_loaded')
  AND period_start <= $period_end
  AND period_end >= $period_start
ORDER BY file_name;
