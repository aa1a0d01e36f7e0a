-- PostgreSQL version of sqlite/005-code-credentials.sql. Citus: ../citus/005-code-credentials.sql
-- (replaces this file there: a unique index on a distributed table must contain its distribution column).

-- Codes are credentials: after they are made, managers see a random reference and a mask, never the code.
ALTER TABLE access_codes ADD COLUMN ref text;
-- 64 random bits (gen_random_uuid draws from the strong random source), hex as the app's own refs.
UPDATE access_codes SET ref = left(md5(gen_random_uuid()::text), 16);
CREATE UNIQUE INDEX access_codes_ref ON access_codes(ref);
-- A single-use parent code (one per family) is spent by its first response; nothing links it to that response.
ALTER TABLE access_codes ADD COLUMN single_use integer NOT NULL DEFAULT 0;
ALTER TABLE access_codes ADD COLUMN used_at timestamptz;

-- The hash of the revision key that only the respondent holds (personal codes): needed to see or revise.
ALTER TABLE responses ADD COLUMN revision_key_hash text;
-- The hash of the token a parent's phone keeps: one response per device per campaign, revised by it.
ALTER TABLE responses ADD COLUMN device_hash text;
CREATE UNIQUE INDEX responses_device ON responses(campaign_id, device_hash) WHERE device_hash IS NOT NULL;
-- 1: held "to review" (beyond the expected count, or a burst from one address): in no result or export.
ALTER TABLE responses ADD COLUMN held integer NOT NULL DEFAULT 0;
CREATE INDEX responses_held ON responses(campaign_id, unit_id) WHERE held = 1;
