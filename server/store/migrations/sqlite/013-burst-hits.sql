-- The burst counter behind "held to review" (issue 13): which devices answered an open parent link
-- through one address, per minute, for the last window (10 minutes). Stored, so that a restart or a
-- second app process does not reset it. `key` is a hash of address × campaign × school (no address is
-- kept); `device` the device hash, NULL for a request without a device token (each such row counts as
-- a device). Minutes, not exact times; rows older than the window are pruned on every hit.
CREATE TABLE burst_hits (
  key TEXT NOT NULL,
  minute INTEGER NOT NULL,
  device TEXT
);
-- One row per device per minute (NULL devices are distinct in a UNIQUE index: each is kept).
CREATE UNIQUE INDEX burst_hits_device ON burst_hits(key, minute, device);
CREATE INDEX burst_hits_minute ON burst_hits(minute);
