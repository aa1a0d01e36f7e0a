-- Citus-only step after ../postgres/009-form-owners.sql: nothing to distribute (form_versions, units
-- and accounts are reference tables, so the new foreign keys join reference tables only).
SELECT 1;
