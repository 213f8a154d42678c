INSERT INTO ref_sites (site_id, company_id, name, role, lat, lon, source) VALUES (?, ?, ?, ?, ?, ?, ?);
