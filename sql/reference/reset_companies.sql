-- The cluster's companies and sites (from the mappings) and their declared needs are reloaded on every build.
DELETE FROM declared_needs;
DELETE FROM ref_sites;
DELETE FROM ref_companies;
