-- Manager accounts: one role at one unit, valid for its whole subtree; no unit means every tree.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'manager', 'admin')),
  unit_id INTEGER REFERENCES units(id),
  created_at TEXT NOT NULL
);

-- Only a hash of the session token is stored, so a leaked database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);

-- Every state change by an account.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id),
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  details TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX audit_log_unit ON audit_log(unit_id);

-- A campaign closed early; closes_at stays the scheduled end, so it can be reopened before then.
ALTER TABLE campaigns ADD COLUMN closed_at TEXT;

-- The name of the person a staff code was issued to (from a roster): seen by managers, never by results.
ALTER TABLE access_codes ADD COLUMN holder TEXT;

-- A merged unit leaves the tree; its past responses count under the unit it was merged into.
ALTER TABLE units ADD COLUMN merged_into_id INTEGER REFERENCES units(id);
