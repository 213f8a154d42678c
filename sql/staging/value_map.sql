INSERT INTO stg_value_map (kind, theirs, ours) VALUES (?, ?, ?);
