INSERT INTO ref_companies (company_id, name, org_number, role, expected_cadence, source) VALUES (?, ?, ?, ?, ?, ?);
