-- Rows per company in its latest month of {table} ({time_field}) against the month before; a
-- company whose count moved by more than $tolerance (a fraction) is suspicious, not wrong.
WITH monthly AS (
    SELECT company_id, date_trunc('month', {time_field}) AS month, count(*) AS n
    FROM {table}
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY company_id ORDER BY month DESC) AS k FROM monthly
)
SELECT cur.company_id, strftime(cur.month, '%Y-%m') AS month, cur.n AS n_rows,
       strftime(prev.month, '%Y-%m') AS previous_month, prev.n AS previous_rows
FROM ranked cur
JOIN ranked prev ON prev.company_id = cur.company_id AND prev.k = 2
WHERE cur.k = 1 AND abs(cur.n - prev.n) > $tolerance * prev.n
ORDER BY cur.company_id;
