-- Citus-only step after ../postgres/003-aggregates.sql: the aggregates live with their campaign's
-- responses, so a submission's response, scores, receipt and aggregate upserts are one shard's
-- transaction, and a results page reads one shard.
-- Run in the same transaction as the PostgreSQL file (SET LOCAL needs a transaction block). With this
-- setting on (the default), create_reference_table() turns the local tables that reference the new
-- reference table into "Citus local tables", and create_distributed_table() then fails on them with
-- "cannot complete operation on a table with identity column".
SET LOCAL citus.enable_local_reference_table_foreign_keys TO off;
SELECT create_distributed_table('agg_responses', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('agg_scores', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('agg_levels', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('agg_answers', 'campaign_id', colocate_with => 'responses');
SELECT create_distributed_table('response_texts', 'campaign_id', colocate_with => 'responses');
