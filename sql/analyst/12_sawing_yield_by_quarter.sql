-- Sawing yield per sawmill by quarter of 2025 (m3 sawn per m3 of logs)
SELECT company_id AS sawmill, 'Q' || quarter(day) AS quarter, round(sum(num) / sum(den), 3) AS sawing_yield
FROM kpi_base_sawing_yield
WHERE year(day) = 2025
GROUP BY ALL
ORDER BY sawmill, quarter;
