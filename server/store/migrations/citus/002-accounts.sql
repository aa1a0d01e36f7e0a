-- Citus-only step after ../postgres/002-accounts.sql. Small, read on every manager request, joined
-- with units: reference tables (every node has a full copy; writes are rare).
-- Run in the same transaction as the PostgreSQL file (SET LOCAL needs a transaction block). With this
-- setting on (the default), create_reference_table() turns the local tables that reference the new
-- reference table into "Citus local tables", and create_distributed_table() then fails on them with
-- "cannot complete operation on a table with identity column".
SET LOCAL citus.enable_local_reference_table_foreign_keys TO off;
SELECT create_reference_table('accounts');
SELECT create_reference_table('sessions');
SELECT create_reference_table('audit_log');
