-- Codes are credentials: after they are made, managers see a random reference and a mask, never the code.
ALTER TABLE access_codes ADD COLUMN ref TEXT;
UPDATE access_codes SET ref = lower(hex(randomblob(8)));
CREATE UNIQUE INDEX access_codes_ref ON access_codes(ref);
-- A single-use parent code (one per family) is spent by its first response; nothing links it to that response.
ALTER TABLE access_codes ADD COLUMN single_use INTEGER NOT NULL DEFAULT 0;
ALTER TABLE access_codes ADD COLUMN used_at TEXT;

-- The hash of the revision key that only the respondent holds (personal codes): needed to see or revise.
ALTER TABLE responses ADD COLUMN revision_key_hash TEXT;
-- The hash of the token a parent's phone keeps: one response per device per campaign, revised by it.
ALTER TABLE responses ADD COLUMN device_hash TEXT;
CREATE UNIQUE INDEX responses_device ON responses(campaign_id, device_hash) WHERE device_hash IS NOT NULL;
-- 1: held "to review" (beyond the expected count, or a burst from one address): in no result or export.
ALTER TABLE responses ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE INDEX responses_held ON responses(campaign_id, unit_id) WHERE held = 1;
