-- PostgreSQL version of sqlite/011-quotes-in-order.sql: quotes of a large subtree read in the
-- campaign's random order from the top, only responses that hold a text (a partial index; its condition
-- is the text of AggregateRepo.texts' query). Citus: the same, on the table distributed by campaign_id.
-- If released_responses.contribution is jsonb here, the condition becomes
-- jsonb_array_length(contribution -> 'texts') > 0 in both this index and the query.
CREATE INDEX released_responses_texts ON released_responses (campaign_id, sort_key, unit_id)
  WHERE contribution NOT LIKE '%"texts":[]%';

-- PostgreSQL only (SQLite reads PRAGMA data_version instead): the unit trees kept in memory
-- (unit-tree.ts) are read again when this count changes; every process bumps it after its unit writes.
-- Citus: a plain table on the coordinator, where every app process connects.
CREATE TABLE unit_writes (
  id integer PRIMARY KEY CHECK (id = 1),
  n bigint NOT NULL
);
INSERT INTO unit_writes (id, n) VALUES (1, 0);
