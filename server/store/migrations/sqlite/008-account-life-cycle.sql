-- A disabled account cannot sign in and its sessions end; it stays, so the audit log keeps its name.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;

-- Expired sessions are purged at each sign-in.
CREATE INDEX sessions_expires ON sessions(expires_at);
