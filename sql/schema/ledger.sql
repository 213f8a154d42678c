-- The ingestion ledger: every file seen, with what became of it; and the quarantine: rows that
-- could not be loaded, with the reasons, so nothing is silently dropped.

-- The ledger: one row per file seen (company, name and sha256) and what became of it.
CREATE TABLE IF NOT EXISTS ingest_files (
    file_hash VARCHAR NOT NULL,           -- sha256 of the file's bytes
    company_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,           -- path relative to the company's inbox
    export_name VARCHAR,                  -- the mapping export the file matched (NULL if none)
    dataset VARCHAR,
    size_bytes BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,       -- file modification time
    processed_at TIMESTAMP NOT NULL,
    -- loaded | partially_loaded | rejected | duplicate (same bytes seen before) |
    -- superseded (a later file for the same company, export and period replaced it)
    status VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    first_date DATE,                      -- time span of the loaded rows
    last_date DATE,
    period_start DATE,                    -- the months the file covers: first day of the first month
    period_end DATE,                      -- ... and last day of the last month
    duplicate_of VARCHAR,                 -- for a duplicate: the file name that brought these bytes first
    superseded_by VARCHAR,                -- for a superseded file: file_hash of the file that replaced it
    message VARCHAR,                      -- why a file was rejected, or a warning
    PRIMARY KEY (company_id, file_name, file_hash)
);

-- Rows that could not be loaded, with their raw values and every reason.
CREATE TABLE IF NOT EXISTS quarantine_rows (
    file_hash VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,           -- data row number, 1 = first row below the header
    company_id VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    raw JSON NOT NULL,                    -- the mapped fields as they were in the file
    errors VARCHAR[] NOT NULL,            -- one readable message per problem
    PRIMARY KEY (file_hash, source_row)
);
