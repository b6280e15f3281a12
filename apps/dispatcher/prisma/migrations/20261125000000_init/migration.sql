-- Pending timers: one row per timer id, the highest version seen. A row lives from its schedule
-- until it fires or is cancelled, so the table is a queue: every row is inserted once and deleted
-- once, and reschedules update due_at.
CREATE TABLE timer (
  timer_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  -- Kafka key of the message the timer becomes (the enrollment id), so a recipient stays ordered.
  key TEXT NOT NULL,
  due_at TIMESTAMPTZ NOT NULL,
  -- What to do when due (send_step or notify), as validated by timerActionSchema on arrival.
  action JSONB NOT NULL
);
-- The claim reads the front of this index (due_at <= now() ORDER BY due_at LIMIT n); its cost
-- depends on the batch size, not on how many timers are pending further out.
CREATE INDEX timer_due_at_idx ON timer (due_at);

-- Every claimed batch deletes its rows, so dead tuples pile up exactly where the claim scans:
-- vacuum after ~1% churn instead of the default 20%, without cost-based throttling.
ALTER TABLE timer SET (
  autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.01,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_analyze_threshold = 5000,
  autovacuum_vacuum_cost_delay = 0
);

-- The highest version of a timer that was cancelled. A schedule with a version <= it arriving later
-- (reordered, or redelivered after the cancel) must not bring the timer back. Kept for the command
-- topic's retention, after which no such schedule can still arrive (DISPATCHER_TOMBSTONE_RETENTION_HOURS).
CREATE TABLE timer_tombstone (
  timer_id TEXT PRIMARY KEY,
  cancelled_version INTEGER NOT NULL,
  cancelled_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per cancelled timer (every reply, bounce, stop), swept by age: churn like timer's.
ALTER TABLE timer_tombstone SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.02,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_vacuum_cost_delay = 0
);
