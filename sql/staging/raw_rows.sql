-- The staged file's rows with their data row number (1 = first row under the header). stg_file is
-- filled in file order outside any transaction, so its rowid counts rows from 0.
CREATE OR REPLACE TEMP VIEW stg_raw AS
SELECT rowid + 1 AS _row, * FROM stg_file;
