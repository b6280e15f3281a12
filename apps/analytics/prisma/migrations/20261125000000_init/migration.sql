-- The analytics service's own schema: the Step-wise Success Snapshot, pre-aggregated.
-- Metric definitions and formulas: docs/metrics.md.

-- Sequences as enrollment last published them (sequence.published). The tenant scopes every read.
CREATE TABLE sequence (
  sequence_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  open_tracking_enabled BOOLEAN NOT NULL,
  -- occurredAt of the publication stored; an older one arriving later is ignored.
  published_at TIMESTAMPTZ NOT NULL
);

-- The steps and branch nodes of each sequence's latest publication, replaced as a whole on each one.
CREATE TABLE sequence_step (
  sequence_id TEXT NOT NULL REFERENCES sequence (sequence_id) ON DELETE CASCADE,
  step_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  branch_id TEXT,
  branch_path TEXT,
  PRIMARY KEY (sequence_id, step_id)
);

CREATE TABLE sequence_branch (
  sequence_id TEXT NOT NULL REFERENCES sequence (sequence_id) ON DELETE CASCADE,
  branch_id TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (sequence_id, branch_id)
);

-- One row per distinct recipient (enrollment) at a step: the primary key is what makes every count
-- a count of distinct recipients. Flags follow src/ingestion/recipient-step-flags.ts; the writes
-- never read this table back for the snapshot, only step_metric.
CREATE TABLE step_recipient (
  sequence_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  enrollment_id TEXT NOT NULL,
  reached BOOLEAN NOT NULL DEFAULT FALSE,
  attempted BOOLEAN NOT NULL DEFAULT FALSE,
  sent BOOLEAN NOT NULL DEFAULT FALSE,
  delivered BOOLEAN NOT NULL DEFAULT FALSE,
  opened BOOLEAN NOT NULL DEFAULT FALSE,
  clicked BOOLEAN NOT NULL DEFAULT FALSE,
  replied BOOLEAN NOT NULL DEFAULT FALSE,
  out_of_office BOOLEAN NOT NULL DEFAULT FALSE,
  bounced BOOLEAN NOT NULL DEFAULT FALSE,
  unsubscribed BOOLEAN NOT NULL DEFAULT FALSE,
  invited BOOLEAN NOT NULL DEFAULT FALSE,
  accepted BOOLEAN NOT NULL DEFAULT FALSE,
  skipped BOOLEAN NOT NULL DEFAULT FALSE,
  completed BOOLEAN NOT NULL DEFAULT FALSE,
  errored BOOLEAN NOT NULL DEFAULT FALSE,
  -- Earliest event seen for the row: when the recipient entered the step (date-range reports).
  first_event_at TIMESTAMPTZ NOT NULL,
  -- The flags (bit-packed) before the row's last update: only meaningful inside the statement that
  -- wrote it, which computes counter deltas from it (Postgres 15 has no RETURNING OLD).
  previous_flags INTEGER,
  PRIMARY KEY (sequence_id, step_id, enrollment_id)
) WITH (fillfactor = 85);
-- Each row is updated a few times (sent, delivered, opened...): free space keeps those updates HOT
-- (no index column changes), and vacuum runs long before the default 20% of the table is dead.
ALTER TABLE step_recipient SET (autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.05);

-- Distinct-recipient counters per step, moved only by rows whose state changed. The snapshot reads
-- only these (a handful of rows per sequence), whatever the number of recipients.
CREATE TABLE step_metric (
  sequence_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  attempted INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  delivered INTEGER NOT NULL DEFAULT 0,
  opened INTEGER NOT NULL DEFAULT 0,
  clicked INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  out_of_office INTEGER NOT NULL DEFAULT 0,
  bounced INTEGER NOT NULL DEFAULT 0,
  unsubscribed INTEGER NOT NULL DEFAULT 0,
  invited INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  errored INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sequence_id, step_id)
) WITH (fillfactor = 50);
-- Few rows, each updated once per batch that touches its step: vacuum by row count, not by size.
ALTER TABLE step_metric SET (autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);

-- Each recipient's latest status and the step it names (enrollment.status-changed): the source of
-- the currently-pending and currently-overdue counts and of task completions.
CREATE TABLE enrollment_position (
  enrollment_id TEXT PRIMARY KEY,
  sequence_id TEXT NOT NULL,
  step_id TEXT,
  status TEXT NOT NULL,
  substatus TEXT,
  -- The version of the stored change (occurredAt, then partition offset); older changes are ignored.
  changed_at TIMESTAMPTZ NOT NULL,
  changed_offset BIGINT NOT NULL
) WITH (fillfactor = 85);
ALTER TABLE enrollment_position SET (autovacuum_vacuum_scale_factor = 0.05,
  autovacuum_analyze_scale_factor = 0.05);
