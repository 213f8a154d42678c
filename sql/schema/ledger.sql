-- The ingestion ledger: every file seen, once per content hash, with what became of it; and the
-- quarantine: rows that could not be loaded, with the reason, so nothing is silently dropped.

CREATE TABLE IF NOT EXISTS ingest_files (
    file_hash VARCHAR PRIMARY KEY,        -- sha256 of the file's bytes
    company_id VARCHAR NOT NULL,
    export_name VARCHAR,                  -- the mapping export the file matched (NULL if none)
    dataset VARCHAR,
    file_name VARCHAR NOT NULL,           -- path relative to the company's inbox
    size_bytes BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,       -- file modification time
    processed_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,              -- loaded | partially_loaded | rejected
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    first_date DATE,                      -- time span of the loaded rows
    last_date DATE,
    message VARCHAR                       -- why a file was rejected
);

CREATE TABLE IF NOT EXISTS quarantine_rows (
    file_hash VARCHAR NOT NULL,
    source_row BIGINT NOT NULL,           -- data row number, 1 = first row below the header
    company_id VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    raw JSON NOT NULL,                    -- the mapped fields as they were in the file
    errors VARCHAR[] NOT NULL,            -- one readable message per problem
    PRIMARY KEY (file_hash, source_row)
);
