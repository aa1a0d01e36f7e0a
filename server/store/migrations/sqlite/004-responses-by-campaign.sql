-- Exports page through a campaign's responses by id; without this index every page re-sorted the
-- whole campaign (1M responses: 92 s of reading instead of seconds).
CREATE INDEX responses_campaign_id ON responses(campaign_id, id);
