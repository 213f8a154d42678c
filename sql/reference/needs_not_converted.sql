-- Declared needs whose quantity could not be converted to dry t, for the steward's message.
SELECT source, need_no, quantity_per_month, unit_code, material_code
FROM declared_needs WHERE dry_t_per_month IS NULL ORDER BY source, need_no;
