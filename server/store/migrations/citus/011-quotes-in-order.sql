-- Citus-only step after ../postgres/011-quotes-in-order.sql: the partial index is created on every
-- shard of released_responses (distributed by campaign_id); unit_writes stays a plain table on the
-- coordinator (one row, read and bumped by every app process, never joined).
SELECT 1;
