-- Moves the rows of a superseded file from its canonical table to {table}_retired.
INSERT INTO {table}_retired
SELECT *, $superseded_by, now()::TIMESTAMP FROM {table} WHERE file_hash = $file_hash;

DELETE FROM {table} WHERE file_hash = $file_hash;

DELETE FROM harvest_plots WHERE file_hash = $file_hash;
