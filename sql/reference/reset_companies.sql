-- The cluster's companies and sites are reloaded from the mappings on every build.
DELETE FROM ref_sites;
DELETE FROM ref_companies;
