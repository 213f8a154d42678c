-- Copies the whole warehouse (tables, views, macros) into a new database file ($path), which the
-- publisher then renames over the analysts' snapshot. {database} is the warehouse's catalog name.
ATTACH $path AS snapshot;

COPY FROM DATABASE {database} TO snapshot;

DETACH snapshot;
