SELECT count(*), max(depth) FROM trace_down('S', $lot, max_depth := 10);
