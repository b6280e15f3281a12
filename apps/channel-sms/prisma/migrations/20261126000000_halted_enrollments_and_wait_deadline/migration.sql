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

-- The channel kit's send_log columns for held messages (channel_social); SMS never holds one.
ALTER TABLE send_log
  ADD COLUMN waiting_cause JSONB,
  ADD COLUMN wait_until TIMESTAMPTZ;

CREATE INDEX send_log_wait_until_idx ON send_log (wait_until) WHERE status = 'waiting';

-- An opt-out from a number no send matches finds the tenant that sends from our number.
CREATE INDEX send_log_sender_claimed_at_idx ON send_log (sender_address, claimed_at DESC);
