-- Quotes (results' free-text answers) of a large subtree: the released responses that hold a text, in
-- the campaign's random order, read from the top until 50 are found in the units shown
-- (AggregateRepo.texts). Without it, a province's quotes read every released response of its 1,000
-- schools through an IN list of their ids and sorted them all (2.4 s at 10k responses on a loaded day).
-- Partial: only responses with a text; the condition is the very text of the query's, as SQLite needs.
CREATE INDEX released_responses_texts ON released_responses(campaign_id, sort_key, unit_id)
  WHERE contribution NOT LIKE '%"texts":[]%';
