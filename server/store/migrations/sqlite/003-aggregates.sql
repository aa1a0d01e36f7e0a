-- Aggregates kept at write time, in the transaction of each response, for the response's unit and
-- every unit above it: a dashboard reads O(units shown) rows, whatever the number of responses.
CREATE TABLE agg_responses (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;

-- criterion '*' is the total score.
CREATE TABLE agg_scores (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  sumsq REAL NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion)
) WITHOUT ROWID;

CREATE TABLE agg_levels (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  level TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, criterion, level)
) WITHOUT ROWID;

CREATE TABLE agg_answers (
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  question TEXT NOT NULL,
  value TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, question, value)
) WITHOUT ROWID;

-- Free-text answers by the unit they were given at (not its ancestors), for quotes above the threshold.
CREATE TABLE response_texts (
  response_id INTEGER NOT NULL REFERENCES responses(id),
  campaign_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  question TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (response_id, question)
) WITHOUT ROWID;
CREATE INDEX response_texts_unit ON response_texts(campaign_id, unit_id);
