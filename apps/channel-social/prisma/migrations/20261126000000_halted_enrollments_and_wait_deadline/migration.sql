-- The latest status of each enrollment that ever halted, from enrollment.status-changed (same DDL
-- in every channel schema): the send path refuses steps of replied, stopped, bounced,
-- unsubscribed, completed enrollments, and of paused ones fired before the pause.
CREATE TABLE enrollment_status (
  enrollment_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  -- A final status is never replaced, whatever arrives later.
  final BOOLEAN NOT NULL,
  -- The status change's occurredAt: an older event never replaces a newer one.
  changed_at TIMESTAMPTZ NOT NULL
);

-- A message waiting to connect fails with its cause once its deadline passes; set at the first wait.
ALTER TABLE send_log
  ADD COLUMN waiting_cause JSONB,
  ADD COLUMN wait_until TIMESTAMPTZ;

-- 'skipped': a held message released after its enrollment halted for good; never sent.
ALTER TABLE send_log DROP CONSTRAINT send_log_status_check;
ALTER TABLE send_log ADD CONSTRAINT send_log_status_check
  CHECK (status IN ('sending', 'invited', 'sent', 'waiting', 'failed', 'skipped'));

-- The sweeper fails the waits that ran out, soonest deadline first.
CREATE INDEX send_log_wait_until_idx ON send_log (wait_until) WHERE status = 'waiting';
