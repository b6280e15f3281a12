-- The send log: one row per step attempt, claimed ('sending') before the SMTP call and settled
-- ('sent' or 'failed') after it. The primary key is the idempotency key of a send: a redelivered
-- step-due finds its row and is never sent again. A row still 'sending' on redelivery means the
-- process died mid-send; it is settled as failed (unknown delivery state), never re-sent.
CREATE TABLE email_send (
  enrollment_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  sequence_id TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT email_send_status_check CHECK (status IN ('sending', 'sent', 'failed')),
  -- Chosen before sending, so even an attempt whose fate is unknown names the message to look for.
  message_id TEXT NOT NULL,
  -- Set when status = 'failed': one of the contract's error types and a readable reason.
  error_type TEXT,
  error_message TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- When the next hop accepted the message.
  sent_at TIMESTAMPTZ,
  PRIMARY KEY (enrollment_id, step_id, attempt)
);

-- Every row is inserted once and updated once, so half of what the table ever held is dead
-- tuples: vacuum after ~2% churn instead of the default 20%.
ALTER TABLE email_send SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.02,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_vacuum_cost_delay = 0
);

-- Same DDL in every service that publishes (service conventions); the platform's relay drains it.
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  message_key TEXT NOT NULL,
  envelope JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Two outcome rows per email, each deleted moments later by the relay: a queue table.
ALTER TABLE outbox SET (
  autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.01,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_delay = 0
);
