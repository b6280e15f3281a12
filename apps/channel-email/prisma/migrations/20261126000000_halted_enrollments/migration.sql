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

-- The stale-send sweeper (channel kit) looks for rows still 'sending' after their lease: a handful
-- at most, found without reading the settled history.
CREATE INDEX email_send_sending_created_at_idx ON email_send (created_at) WHERE status = 'sending';
