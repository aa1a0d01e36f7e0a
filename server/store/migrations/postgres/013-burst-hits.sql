-- PostgreSQL version of sqlite/013-burst-hits.sql: the stored burst counter behind "held to review".
-- `minute` is epoch milliseconds of the minute's start (bigint, as the store compares numbers). The
-- UNIQUE index treats NULL devices as distinct (the default NULLS DISTINCT), as SQLite does.
CREATE TABLE burst_hits (
  key text NOT NULL,
  minute bigint NOT NULL,
  device text
);
CREATE UNIQUE INDEX burst_hits_device ON burst_hits(key, minute, device);
CREATE INDEX burst_hits_minute ON burst_hits(minute);
