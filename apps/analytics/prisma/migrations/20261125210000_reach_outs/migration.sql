-- Campaign stats (seed 003) and the sequence overview (seed 002), pre-aggregated.
-- Metric definitions and formulas: docs/metrics.md.

-- One row per enrollment (a reach out). Flags are bit-packed milestones (src/reach-out-counters.ts),
-- joined with OR; the writes never read this table back for a report, only the counters below.
CREATE TABLE reach_out (
  enrollment_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  sequence_id TEXT NOT NULL,
  -- The first step reached; NULL while only events that overtook it were seen (not yet counted).
  created_at TIMESTAMPTZ,
  flags INTEGER NOT NULL DEFAULT 0,
  -- The step last reached, versioned as enrollment_position is (occurredAt, then partition offset).
  step_id TEXT,
  step_at TIMESTAMPTZ,
  step_offset BIGINT,
  -- The state before the row's last update: only meaningful inside the statement that wrote it,
  -- which moves the counters from it (Postgres 15 has no RETURNING OLD).
  previous_created_at TIMESTAMPTZ,
  previous_flags INTEGER,
  previous_step_id TEXT
) WITH (fillfactor = 85);
ALTER TABLE reach_out SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);

-- Reach outs per sequence and UTC day of creation: a date range reads at most one row per day.
CREATE TABLE reach_out_daily (
  sequence_id TEXT NOT NULL,
  day DATE NOT NULL,
  tenant_id TEXT NOT NULL,
  reach_outs INTEGER NOT NULL DEFAULT 0,
  in_progress INTEGER NOT NULL DEFAULT 0,
  opens INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  interested INTEGER NOT NULL DEFAULT 0,
  started INTEGER NOT NULL DEFAULT 0,
  contacted INTEGER NOT NULL DEFAULT 0,
  email_sent INTEGER NOT NULL DEFAULT 0,
  email_clicked INTEGER NOT NULL DEFAULT 0,
  email_replied INTEGER NOT NULL DEFAULT 0,
  email_positive INTEGER NOT NULL DEFAULT 0,
  email_bounced INTEGER NOT NULL DEFAULT 0,
  linkedin_engaged INTEGER NOT NULL DEFAULT 0,
  linkedin_invited INTEGER NOT NULL DEFAULT 0,
  linkedin_accepted INTEGER NOT NULL DEFAULT 0,
  linkedin_contacted INTEGER NOT NULL DEFAULT 0,
  linkedin_replied INTEGER NOT NULL DEFAULT 0,
  linkedin_positive INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sequence_id, day)
) WITH (fillfactor = 50);
CREATE INDEX reach_out_daily_tenant_day ON reach_out_daily (tenant_id, day);
ALTER TABLE reach_out_daily SET (autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);

-- Recipients currently at each step (the sequence flow preview): moved with reach_out's step.
CREATE TABLE step_flow (
  sequence_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sequence_id, step_id)
) WITH (fillfactor = 50);
ALTER TABLE step_flow SET (autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
