-- What replies, bounces and same-thread follow-ups need from the send log: the subject as sent
-- (a follow-up answers "Re: <subject>") and the token of the attempt's return path
-- (bounces+<token>@domain). Both are null on rows written before this migration.
ALTER TABLE email_send ADD COLUMN subject TEXT;
ALTER TABLE email_send ADD COLUMN return_token TEXT;

-- A reply names our Message-ID in In-Reply-To/References; a bounce names it or the return token.
CREATE INDEX email_send_message_id_idx ON email_send (message_id);
CREATE UNIQUE INDEX email_send_return_token_idx ON email_send (return_token);
-- The previous email of an enrollment, for threading.
CREATE INDEX email_send_enrollment_sent_idx ON email_send (enrollment_id, sent_at);

-- The last login state seen per sender identity, so auth_lost and auth_restored are published
-- once per transition, not once per failed send.
CREATE TABLE identity_health (
  identity_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  state TEXT NOT NULL CONSTRAINT identity_health_state_check CHECK (state IN ('auth_lost', 'auth_restored')),
  changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
