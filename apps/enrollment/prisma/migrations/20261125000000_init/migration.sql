-- Sequences: the step tree is one JSONB document validated by the service (sequence-definition.ts).
CREATE TABLE sequence (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  definition JSONB NOT NULL,
  enrollment_rule JSONB NOT NULL,
  open_tracking_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  launched_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sequence_tenant_status_idx ON sequence (tenant_id, status);

-- Where steps are sent from; the dispatcher gets working hours and limits with each timer.
CREATE TABLE sender_identity (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  display_name TEXT,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  daily_limit INTEGER,
  working_hours JSONB,
  auth_state TEXT NOT NULL DEFAULT 'ok',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sender_identity_tenant_address_key ON sender_identity (tenant_id, channel, address);

CREATE TABLE recipient (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  linkedin_profile TEXT,
  timezone TEXT,
  variables JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX recipient_tenant_email_key ON recipient (tenant_id, email);
CREATE INDEX recipient_tenant_phone_idx ON recipient (tenant_id, phone);
CREATE INDEX recipient_tenant_linkedin_idx ON recipient (tenant_id, linkedin_profile);

-- One row per recipient per sequence. timer_version orders every timer command for it.
CREATE TABLE enrollment (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  sequence_id TEXT NOT NULL REFERENCES sequence (id),
  recipient_id TEXT NOT NULL REFERENCES recipient (id),
  status TEXT NOT NULL,
  substatus TEXT,
  current_node_id TEXT,
  attempt INTEGER NOT NULL DEFAULT 1,
  timer_version INTEGER NOT NULL DEFAULT 0,
  next_due_at TIMESTAMPTZ,
  error JSONB,
  facts JSONB NOT NULL DEFAULT '{}',
  removed BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A recipient is in a sequence once: removed rows stay, which is what forbids adding them back.
CREATE UNIQUE INDEX enrollment_sequence_recipient_key ON enrollment (sequence_id, recipient_id);
CREATE INDEX enrollment_tenant_sequence_status_idx ON enrollment (tenant_id, sequence_id, status);
CREATE INDEX enrollment_recipient_idx ON enrollment (recipient_id);
ALTER TABLE enrollment SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);

-- Every transition of a recipient, for its timeline.
CREATE TABLE enrollment_transition (
  id BIGSERIAL PRIMARY KEY,
  enrollment_id TEXT NOT NULL REFERENCES enrollment (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  substatus TEXT,
  node_id TEXT,
  cause TEXT NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX enrollment_transition_enrollment_idx ON enrollment_transition (enrollment_id, id);

-- Global suppression per tenant: unsubscribed or do-not-contact addresses are never contacted.
CREATE TABLE suppression (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kind, value)
);

CREATE TABLE handled_event (
  event_id UUID PRIMARY KEY,
  handled_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  message_key TEXT NOT NULL,
  envelope JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
