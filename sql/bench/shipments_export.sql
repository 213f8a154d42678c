-- The benchmark's shipment export: $rows rows in a Norwegian dialect (decimal comma, dd.mm.yyyy,
-- Norwegian names), every value derived from the row number so each run writes the same file.
SELECT
    'U' || lpad(CAST(i AS VARCHAR), 9, '0') AS "Følgeseddel",
    ['Pelletfabrikken', 'Fjernvarmen', 'Eksport'][1 + i % 3] AS "Mottaker",
    'L-' || CAST(i // 40 AS VARCHAR) AS "Parti",
    ['Flis', 'Sagflis', 'Bark', 'Skurlast'][1 + (i // 3) % 4] AS "Produkt",
    replace(CAST(round(5 + (hash(i) % 4000) / 100.0, 2) AS VARCHAR), '.', ',') AS "Mengde",
    ['løs m3', 'tonn', 'tonn', 'm3f'][1 + (i // 3) % 4] AS "Enhet",
    CASE WHEN i % 5 = 0 THEN NULL ELSE replace(CAST(35 + hash(i * 7) % 20 AS VARCHAR), '.', ',') END AS "Fukt",
    strftime(DATE '2024-11-01' + CAST(i % 730 AS INTEGER), '%d.%m.%Y') AS "Dato",
    ['Bil', 'Bil', 'Båt'][1 + i % 3] AS "Transport",
    replace(CAST(round(2 + (hash(i * 13) % 3000) / 10.0, 1) AS VARCHAR), '.', ',') AS "Avstand"
FROM range($rows) t(i)
