-- PostgreSQL version of sqlite/004-responses-by-campaign.sql, deliberately empty.
-- SQLite needed an index on responses(campaign_id, id) so exports could page through a campaign by id
-- (without it, 1M responses: 92 s of re-sorting). Here the primary key of responses is already
-- (campaign_id, id) (Citus requires the distribution column in it), which serves that order; a copy
-- of it would only slow every insert. The file keeps the numbering the same on both stores.
SELECT 1;
