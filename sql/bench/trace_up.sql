SELECT count(*), max(depth) FROM trace_up('S', $lot, max_depth := 10);
