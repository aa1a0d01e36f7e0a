-- Units form one tree of any depth (province → commune → school; unions alike).
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id),
  created_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

-- Every distinct content of a form is a version; responses point at the exact one they answered.
CREATE TABLE form_versions (
  id INTEGER PRIMARY KEY,
  form_id TEXT NOT NULL,
  version TEXT NOT NULL,
  json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (form_id, version)
);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  form_version_id INTEGER NOT NULL REFERENCES form_versions(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'parent', 'unit')),
  period TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  expected INTEGER,
  created_at TEXT NOT NULL
);

-- A staff or unit code is personal (one response, revisable); a parent code is a school's shared link.
CREATE TABLE access_codes (
  code TEXT PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'parent', 'unit')),
  revoked_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX access_codes_campaign ON access_codes(campaign_id, unit_id);

-- personal_code is set only for personal codes, so parents' responses stay anonymous.
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form_version_id INTEGER NOT NULL REFERENCES form_versions(id),
  personal_code TEXT UNIQUE REFERENCES access_codes(code),
  revision INTEGER NOT NULL,
  answers TEXT NOT NULL,
  total REAL,
  level TEXT,
  first_submitted_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL
);
CREATE INDEX responses_campaign_unit ON responses(campaign_id, unit_id);

CREATE TABLE response_scores (
  response_id INTEGER NOT NULL REFERENCES responses(id),
  criterion TEXT NOT NULL,
  score REAL,
  answered INTEGER NOT NULL,
  PRIMARY KEY (response_id, criterion)
) WITHOUT ROWID;

-- Earlier answers of a revised response, kept as history.
CREATE TABLE response_revisions (
  response_id INTEGER NOT NULL REFERENCES responses(id),
  revision INTEGER NOT NULL,
  form_version_id INTEGER NOT NULL REFERENCES form_versions(id),
  answers TEXT NOT NULL,
  total REAL,
  level TEXT,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (response_id, revision)
) WITHOUT ROWID;

-- What was answered to each accepted submission, so a replayed clientId gets the same answer.
CREATE TABLE receipts (
  access_code TEXT NOT NULL REFERENCES access_codes(code),
  client_id TEXT NOT NULL,
  response_id INTEGER NOT NULL REFERENCES responses(id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (access_code, client_id)
) WITHOUT ROWID;
