-- The baseline: DuckDB's own typed read of the export, every column's type given.
CREATE TABLE baseline AS
SELECT * FROM read_csv($path, delim = ';', header = true, columns = $columns,
                       decimal_separator = ',', dateformat = '%d.%m.%Y', auto_detect = false);
