-- The codes of one reference CSV (data/reference/<name>.csv), read as text.
SELECT code FROM read_csv($path, header = true, all_varchar = true);
