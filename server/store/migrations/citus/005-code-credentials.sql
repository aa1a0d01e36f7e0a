-- citus: replaces ../postgres/005-code-credentials.sql on a Citus coordinator (see README.md).
-- The same columns and indexes, but the index on access_codes.ref is not unique: access_codes is
-- distributed by code, and a unique index there must contain the code. A ref is 64 random bits drawn by
-- the app (randomBytes(8)): among 10^8 codes, any two equal refs have a chance of about 3 in 10,000, and
-- a lookup by ref reads every shard (manager routes only: revoke, reprint).
-- No UPDATE to fill ref: Citus refuses volatile functions in an UPDATE of a distributed table, and no
-- Citus database holds codes from before this migration (the PostgreSQL store came after it).
ALTER TABLE access_codes ADD COLUMN ref text;
CREATE INDEX access_codes_ref ON access_codes(ref);
ALTER TABLE access_codes ADD COLUMN single_use integer NOT NULL DEFAULT 0;
ALTER TABLE access_codes ADD COLUMN used_at timestamptz;
ALTER TABLE responses ADD COLUMN revision_key_hash text;
ALTER TABLE responses ADD COLUMN device_hash text;
CREATE UNIQUE INDEX responses_device ON responses(campaign_id, device_hash) WHERE device_hash IS NOT NULL;
ALTER TABLE responses ADD COLUMN held integer NOT NULL DEFAULT 0;
CREATE INDEX responses_held ON responses(campaign_id, unit_id) WHERE held = 1;
