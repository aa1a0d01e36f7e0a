-- PostgreSQL version of sqlite/003-aggregates.sql. Citus: ../citus/003-aggregates.sql (distributed by
-- campaign_id, co-located with responses: a campaign's writes and results reads stay on one shard).
-- Upserts must qualify the old value: DO UPDATE SET n = agg_responses.n + excluded.n (a bare `n` is
-- ambiguous on PostgreSQL, where SQLite accepts it).

-- Aggregates kept at write time, in the transaction of each response, for the response's unit and
-- every unit above it: a dashboard reads O(units shown) rows, whatever the number of responses.
CREATE TABLE agg_responses (
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  unit_id bigint NOT NULL REFERENCES units(id),
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
);

-- criterion '*' is the total score.
CREATE TABLE agg_scores (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  criterion text NOT NULL,
  n integer NOT NULL,
  sum double precision NOT NULL,
  sumsq double precision NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion)
);

CREATE TABLE agg_levels (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  criterion text NOT NULL,
  level text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion, level)
);

CREATE TABLE agg_answers (
  campaign_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  question text NOT NULL,
  value text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, question, value)
);

-- Free-text answers by the unit they were given at (not its ancestors), for quotes above the threshold.
CREATE TABLE response_texts (
  campaign_id bigint NOT NULL,
  response_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  question text NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (campaign_id, response_id, question),
  FOREIGN KEY (campaign_id, response_id) REFERENCES responses(campaign_id, id)
);
CREATE INDEX response_texts_unit ON response_texts(campaign_id, unit_id);
