-- Citus-only step after ../postgres/004-responses-by-campaign.sql: nothing to distribute.
SELECT 1;
