-- PostgreSQL version of sqlite/006-release.sql. Citus: ../citus/006-release.sql (replaces this file
-- there: the new tables are distributed by campaign_id, co-located with responses, before they are filled).
-- released_on is a date (the day of release, never a time); sort_key a bigint (random below 2^47).
-- Released aggregates (issue 13, the release rule): what results and exports show. Responses enter the
-- released state in batches per unit they were given at (see server/store/release.ts); the live agg_*
-- tables stay for completion counts only.
ALTER TABLE campaigns ADD COLUMN release_after_close integer NOT NULL DEFAULT 0;

CREATE TABLE rel_responses (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  unit_id bigint NOT NULL REFERENCES units(id),
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE rel_scores (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  criterion text NOT NULL,
  n integer NOT NULL,
  sum double precision NOT NULL,
  sumsq double precision NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion)
);

CREATE TABLE rel_levels (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  criterion text NOT NULL,
  level text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion, level)
);

CREATE TABLE rel_answers (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  question text NOT NULL,
  value text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, question, value)
);

-- Each released response as it was released, at the unit it was given at: what a later release takes
-- back out, what exports list and where quotes come from. No time finer than the day of release, no
-- code, no revision number; sort_key (random) is the only order exports use.
CREATE TABLE released_responses (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  response_id bigint NOT NULL,
  sort_key bigint NOT NULL,
  released_on date NOT NULL,
  answers text NOT NULL,
  scores text NOT NULL,
  total double precision,
  level text,
  contribution text NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, response_id)
);
CREATE INDEX released_responses_order ON released_responses(campaign_id, unit_id, sort_key);

-- Responses changed (new, revised, deleted, moved) at a unit since its last release.
CREATE TABLE release_pending (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  response_id bigint NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, response_id)
);

INSERT INTO release_pending (campaign_id, unit_id, response_id) SELECT campaign_id, unit_id, id FROM responses WHERE held = 0;
