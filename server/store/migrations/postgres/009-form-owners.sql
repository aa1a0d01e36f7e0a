-- PostgreSQL version of sqlite/009-form-owners.sql: the unit owning a form version (NULL: the
-- catalogue, every tree) and the account that published it (NULL: the catalogue or the CLI).
-- form_versions, units and accounts are all reference tables on Citus, so these foreign keys hold there.
ALTER TABLE form_versions ADD COLUMN unit_id bigint REFERENCES units(id);
ALTER TABLE form_versions ADD COLUMN published_by bigint REFERENCES accounts(id);
CREATE INDEX form_versions_unit ON form_versions(unit_id);
