-- Reference data: code lists and conversion factors from data/reference/*.csv, read with explicit
-- types. Each row keeps the `source` of its numbers. Reloaded on every build (small tables).

-- Materials: category, stream, LoW/HS codes and conversion factors, each with its source.
CREATE OR REPLACE TABLE ref_materials AS
SELECT * FROM read_csv($materials, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'name': 'VARCHAR', 'category': 'VARCHAR', 'stream': 'VARCHAR',
    'species_group': 'VARCHAR', 'low_code': 'VARCHAR', 'hs_code': 'VARCHAR',
    'default_moisture_pct': 'DOUBLE', 'basic_density_kg_m3': 'DOUBLE', 'bulk_solid_fraction': 'DOUBLE',
    'stacked_solid_fraction': 'DOUBLE', 'lhv_dry_mj_kg': 'DOUBLE', 'source': 'VARCHAR'});

-- Units: measurement basis and factor to the base unit, each with its source.
CREATE OR REPLACE TABLE ref_units AS
SELECT * FROM read_csv($units, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'name': 'VARCHAR', 'basis': 'VARCHAR', 'factor': 'DOUBLE', 'base_unit': 'VARCHAR',
    'rec20_code': 'VARCHAR', 'source': 'VARCHAR'});

-- R/D treatment operations (Directive 2008/98/EC Annexes I and II) with cascade stage and rank.
CREATE OR REPLACE TABLE ref_operations AS
SELECT * FROM read_csv($operations, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'name': 'VARCHAR', 'kind': 'VARCHAR', 'interim': 'BOOLEAN',
    'cascade_stage': 'VARCHAR', 'hierarchy_rank': 'INTEGER', 'source': 'VARCHAR'});

-- How a receiving site's role uses by-products (material or energy), for the cascade shares.
CREATE OR REPLACE TABLE ref_use_classes AS
SELECT * FROM read_csv($use_classes, header = true, delim = ',', quote = '"', columns = {
    'role': 'VARCHAR', 'use': 'VARCHAR', 'source': 'VARCHAR'});

-- Which offered by-product can stand in for which wanted material, and for what use (resource sharing).
CREATE OR REPLACE TABLE ref_substitutions AS
SELECT * FROM read_csv($substitutions, header = true, delim = ',', quote = '"', columns = {
    'offered': 'VARCHAR', 'wanted': 'VARCHAR', 'use': 'VARCHAR', 'gain_note': 'VARCHAR', 'source': 'VARCHAR'});

-- Transport assumptions for resource sharing (road factor, emission factor), each with its source.
CREATE OR REPLACE TABLE ref_transport AS
SELECT * FROM read_csv($transport, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'value': 'DOUBLE', 'unit': 'VARCHAR', 'source': 'VARCHAR'});

-- Typical ash content of by-products (% of dry mass), checked against buyers' ash limits: exports rarely
-- report ash, so a match says that the figure is a typical value.
CREATE OR REPLACE TABLE ref_material_quality AS
SELECT * FROM read_csv($material_quality, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'ash_pct_dry': 'DOUBLE', 'source': 'VARCHAR'});

-- Cluster roles.
CREATE OR REPLACE TABLE ref_roles AS
SELECT * FROM read_csv($roles, header = true, delim = ',', quote = '"', columns = {
    'code': 'VARCHAR', 'name': 'VARCHAR', 'source': 'VARCHAR'});

-- Companies and sites come from the workspace's mapping files; `source` names the file.
CREATE TABLE IF NOT EXISTS ref_companies (
    company_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    org_number VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    expected_cadence VARCHAR NOT NULL,
    source VARCHAR NOT NULL
);

-- Sites of the workspace with coordinates, from the mapping files.
CREATE TABLE IF NOT EXISTS ref_sites (
    site_id VARCHAR PRIMARY KEY,
    company_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    source VARCHAR NOT NULL
);

-- Needs that companies declare in companies/<id>/needs.yaml: quantity per month as declared and in dry t
-- (NULL when the unit cannot be converted for the material), the months it covers and its limits.
CREATE TABLE IF NOT EXISTS declared_needs (
    company_id VARCHAR NOT NULL,
    need_no INTEGER NOT NULL,
    site_id VARCHAR NOT NULL,
    material_code VARCHAR NOT NULL,
    quantity_per_month DOUBLE NOT NULL,
    unit_code VARCHAR NOT NULL,
    moisture_pct DOUBLE,
    dry_t_per_month DOUBLE,
    first_month DATE,
    last_month DATE,
    max_moisture_pct DOUBLE,
    max_ash_pct DOUBLE,
    max_distance_km DOUBLE,
    replaces_purchases BOOLEAN NOT NULL,
    note VARCHAR,
    source VARCHAR NOT NULL
);
