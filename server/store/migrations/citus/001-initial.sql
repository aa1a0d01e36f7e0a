-- Citus-only step after ../postgres/001-initial.sql, on the coordinator (see README.md for the why).
-- Reference tables first: a distributed table may only have foreign keys to reference tables or to
-- co-located distributed tables, and those must already be distributed when it is.
-- Run in the same transaction as the PostgreSQL file (SET LOCAL needs a transaction block). With this
-- setting on (the default), create_reference_table() turns the local tables that reference the new
-- reference table into "Citus local tables", and create_distributed_table() then fails on them with
-- "cannot complete operation on a table with identity column".
SET LOCAL citus.enable_local_reference_table_foreign_keys TO off;
SELECT create_reference_table('units');
SELECT create_reference_table('form_versions');
SELECT create_reference_table('campaigns');
-- A respondent brings only a code: one shard per lookup, and codes stay unique across campaigns.
SELECT create_distributed_table('access_codes', 'code', colocate_with => 'none');
-- One campaign's responses and everything hanging off them on one shard.
SELECT create_distributed_table('responses', 'campaign_id', colocate_with => 'none');
SELECT create_distributed_table('response_scores', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('response_revisions', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('receipts', 'campaign_id', colocate_with => 'responses');
