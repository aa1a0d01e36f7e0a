-- A form version belongs to a unit: its admins published it for their subtree, and campaigns there
-- may use it. NULL is the catalogue (forms/ in git, or the system administrator): every tree.
-- published_by names the account that published the version (NULL: the catalogue or the CLI).
ALTER TABLE form_versions ADD COLUMN unit_id INTEGER REFERENCES units(id);
ALTER TABLE form_versions ADD COLUMN published_by INTEGER REFERENCES accounts(id);
CREATE INDEX form_versions_unit ON form_versions(unit_id);
