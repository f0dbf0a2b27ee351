-- Rate-limit windows shared by all instances. UNLOGGED: counters need not survive a crash, and skip the WAL.
CREATE UNLOGGED TABLE rate_limits (
  key      text PRIMARY KEY,
  count    integer NOT NULL,
  reset_at timestamptz NOT NULL
);
