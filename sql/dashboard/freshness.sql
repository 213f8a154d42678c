-- Per company ($company NULL for all): the last day its data covers, its cadence, whether an export is
-- overdue, and rows waiting in quarantine.
SELECT c.company_id, c.name, c.expected_cadence, max(e.covered_until) AS covered_until,
       bool_or(e.overdue) AS overdue,
       (SELECT count(*) FROM quarantine_rows q JOIN ingest_files f ON f.file_hash = q.file_hash
        AND f.status NOT IN ('duplicate', 'superseded') WHERE q.company_id = c.company_id) AS quarantined
FROM ref_companies c
LEFT JOIN export_freshness e ON e.company_id = c.company_id
WHERE $company IS NULL OR c.company_id = $company
GROUP BY c.company_id, c.name, c.expected_cadence
ORDER BY c.company_id;
