-- PostgreSQL version of sqlite/008-account-life-cycle.sql. Citus: ../citus/008-account-life-cycle.sql
-- (nothing to distribute: accounts and sessions are reference tables).

-- A disabled account cannot sign in and its sessions end; it stays, so the audit log keeps its name.
ALTER TABLE accounts ADD COLUMN disabled_at timestamptz;

-- Expired sessions are purged at each sign-in.
CREATE INDEX sessions_expires ON sessions(expires_at);
