-- Citus-only step after ../postgres/013-burst-hits.sql: burst_hits stays a plain table on the
-- coordinator, where every app process connects. Its key is a hashed address, not a campaign, and its
-- prune deletes across every key: distributed, each hit would touch every shard; as a reference table,
-- every hit would be a two-phase commit on every node. It holds one window of minutes, a few rows.
SELECT 1;
