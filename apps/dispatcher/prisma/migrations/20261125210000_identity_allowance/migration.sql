-- What each sender identity has sent: one row per identity, locked by the claim that reserves its
-- sends, so a daily cap holds exactly across dispatcher instances and restarts. The row counts the
-- identity's current local day; the first send of a new day starts the count again.
CREATE TABLE identity_allowance (
  identity_id TEXT PRIMARY KEY,
  day DATE NOT NULL,
  sent INTEGER NOT NULL,
  last_sent_at TIMESTAMPTZ
);

-- Updated by every batch that sends for an identity: a small table with heavy churn.
ALTER TABLE identity_allowance SET (
  autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_cost_delay = 0
);
