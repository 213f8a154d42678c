-- A CSV export as text columns: the mapping's dialect, the header's names as explicit VARCHAR
-- columns (no type sniffing), and strict rows (a row with a wrong field count fails the file).
SELECT * FROM read_csv($path, delim = $delim, quote = $quote, escape = $quote, header = true, skip = $skip,
                       encoding = $encoding, columns = $columns, auto_detect = false, strict_mode = true,
                       null_padding = false)
