-- The send log: one row per SMS step attempt, claimed ('sending') before Twilio is called and
-- settled ('sent' or 'failed') once its result is known. The primary key is the idempotency key
-- of a send: a redelivered step-due finds its row and is never sent again. A row still 'sending'
-- long after its claim belongs to a process that died mid-send; the stale-send sweeper settles it
-- as failed (unknown_delivery_state), never re-sends it.
CREATE TABLE send_log (
  enrollment_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  sequence_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  -- The sender identity (phone number) the step was sent from.
  identity_id TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT send_log_status_check CHECK (status IN ('sending', 'sent', 'failed')),
  -- Twilio's message SID (SM...), the handle status callbacks will refer to.
  provider_message_id TEXT,
  -- Set when status = 'failed': one of the contract's error types and the reason given.
  error_type TEXT,
  error_message TEXT,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  settled_at TIMESTAMPTZ,
  CONSTRAINT send_log_pkey PRIMARY KEY (enrollment_id, step_id, attempt)
);

-- The sweeper looks for rows still 'sending' after a while: a handful at most, found without
-- reading the settled history.
CREATE INDEX send_log_sending_claimed_at_idx ON send_log (claimed_at) WHERE status = 'sending';

-- Every row is inserted once and updated once, so half of what the table ever held is dead
-- tuples: vacuum after ~2% churn instead of the default 20%.
ALTER TABLE send_log SET (
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

-- One outcome row per step, deleted moments later by the relay: a queue table.
ALTER TABLE outbox SET (
  autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0.01,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_delay = 0
);
