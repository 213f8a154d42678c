-- Canonical tables: one row per loaded export row. Every row keeps its lineage (file_hash,
-- source_row -> ingest_files) and its quantity twice: as reported (qty_reported, unit_reported,
-- unit_code, basis, moisture) and normalised to canonical bases: dry_t and solid_m3 for wood,
-- mineral_t for minerals, energy_mwh for energy (and the as-received energy content of wood).
-- (file_hash, source_row) is unique by construction (one row number per file row, one load per
-- hash); it is not declared as a key because maintaining the index doubled the load time.

-- Production batch items (EPCIS TransformationEvent): each input consumed and output produced by a batch.
CREATE TABLE IF NOT EXISTS production_items (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    batch_id VARCHAR NOT NULL, site_id VARCHAR NOT NULL, event_date DATE NOT NULL,
    direction VARCHAR NOT NULL, lot_id VARCHAR,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE
);

-- Shipments as reported by the sender; receiver_site_id is NULL for a party outside the cluster.
CREATE TABLE IF NOT EXISTS shipments (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    shipment_id VARCHAR NOT NULL, sender_site_id VARCHAR NOT NULL,
    receiver_site_id VARCHAR, receiver_name VARCHAR NOT NULL, lot_id VARCHAR,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    ship_date DATE NOT NULL, transport_mode VARCHAR, distance_km DOUBLE, document_no VARCHAR
);

-- Receipts as reported by the receiver, with the sender's shipment id or waybill when given.
CREATE TABLE IF NOT EXISTS receipts (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    receipt_id VARCHAR NOT NULL, receiver_site_id VARCHAR NOT NULL,
    sender_site_id VARCHAR, sender_name VARCHAR NOT NULL,
    shipment_id VARCHAR, document_no VARCHAR, lot_id VARCHAR, sender_lot_id VARCHAR,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    receipt_date DATE NOT NULL
);

-- Stock counts per site, material and date.
CREATE TABLE IF NOT EXISTS stock_counts (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    site_id VARCHAR NOT NULL,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    count_date DATE NOT NULL
);

-- Energy per period: surplus heat recoverable and delivered, heat produced or consumed (MWh).
CREATE TABLE IF NOT EXISTS energy_flows (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    site_id VARCHAR NOT NULL, receiver_site_id VARCHAR, receiver_name VARCHAR, measure VARCHAR NOT NULL,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    period_start DATE NOT NULL, period_end DATE NOT NULL
);

-- Residues handed over for treatment or disposal, with their R/D operation code.
CREATE TABLE IF NOT EXISTS treatments (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    treatment_id VARCHAR, site_id VARCHAR NOT NULL, receiver_site_id VARCHAR, receiver_name VARCHAR,
    operation_code VARCHAR NOT NULL, lot_id VARCHAR,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    treatment_date DATE NOT NULL, document_no VARCHAR
);

-- Harvest plots from harvester files: one per harvest sub-object, with the hull of its stems'
-- coordinates ([[lon, lat], ...], WGS84), its area and centroid. Lots of the sub-object are
-- 'H<object_key>-<subobject_key>-<product>' at site_id.
CREATE TABLE IF NOT EXISTS harvest_plots (
    file_hash VARCHAR NOT NULL, company_id VARCHAR NOT NULL, site_id VARCHAR NOT NULL,
    object_key VARCHAR NOT NULL, subobject_key VARCHAR NOT NULL, name VARCHAR,
    stems INTEGER NOT NULL, area_ha DOUBLE NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, hull JSON NOT NULL
);

-- Partial loads a forwarder carried from a harvest object to the landing (site_id), one per
-- delivery and location of a load (StanForD 2010 .fpr). object_key is the harvest object: the
-- harvester's lots of it are 'H<object_key>-<subobject_key>-<product>' at the same site. mass_t is
-- weighed (mass_source 'weighed') or on-bark density x m3sob ('derived'); NULL when neither is known.
CREATE TABLE IF NOT EXISTS forwarded_loads (
    file_hash VARCHAR NOT NULL, source_row BIGINT NOT NULL, company_id VARCHAR NOT NULL,
    load_id VARCHAR NOT NULL, partial_load_id VARCHAR NOT NULL, site_id VARCHAR NOT NULL,
    unloading_date DATE NOT NULL, object_key VARCHAR NOT NULL, object_name VARCHAR,
    location_name VARCHAR, delivery_name VARCHAR,
    material_code VARCHAR NOT NULL, qty_reported DOUBLE NOT NULL, unit_reported VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL, basis VARCHAR NOT NULL, moisture_pct DOUBLE, moisture_source VARCHAR,
    dry_t DOUBLE, solid_m3 DOUBLE, mineral_t DOUBLE, energy_mwh DOUBLE,
    mass_t DOUBLE, mass_source VARCHAR
);
