-- Citus-only step after ../postgres/008-account-life-cycle.sql: nothing to distribute.
SELECT 1;
