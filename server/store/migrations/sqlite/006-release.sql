-- Released aggregates (issue 13, the release rule): what results and exports show. Responses enter the
-- released state in batches per unit they were given at (see server/store/release.ts); the live agg_*
-- tables stay for completion counts only.
ALTER TABLE campaigns ADD COLUMN release_after_close INTEGER NOT NULL DEFAULT 0;

CREATE TABLE rel_responses (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE rel_scores (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  sumsq REAL NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion)
) WITHOUT ROWID;

CREATE TABLE rel_levels (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  level TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion, level)
) WITHOUT ROWID;

CREATE TABLE rel_answers (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  question TEXT NOT NULL,
  value TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, question, value)
) WITHOUT ROWID;

-- Each released response as it was released, at the unit it was given at: what a later release takes
-- back out, what exports list and where quotes come from. No time finer than the day of release, no
-- code, no revision number; sort_key (random) is the only order exports use.
CREATE TABLE released_responses (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  response_id INTEGER NOT NULL,
  sort_key INTEGER NOT NULL,
  released_on TEXT NOT NULL,
  answers TEXT NOT NULL,
  scores TEXT NOT NULL,
  total REAL,
  level TEXT,
  contribution TEXT NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, response_id)
) WITHOUT ROWID;
CREATE INDEX released_responses_order ON released_responses(campaign_id, unit_id, sort_key);

-- Responses changed (new, revised, deleted, moved) at a unit since its last release.
CREATE TABLE release_pending (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  response_id INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, response_id)
) WITHOUT ROWID;

INSERT INTO release_pending (campaign_id, unit_id, response_id) SELECT campaign_id, unit_id, id FROM responses WHERE held = 0;
