-- Citus-only step after ../postgres/010-campaign-title.sql: nothing to distribute (campaigns and
-- audit_log are reference tables; the new column and index reach every placement).
SELECT 1;
