-- Email sends through the channel kit like SMS and LinkedIn, so its send log becomes the kit's
-- send_log (same columns as in channel_sms and channel_social): the Message-ID, named before the
-- SMTP call, is the provider message id the kit claims and settles; claimed_at is the stale-send
-- sweeper's lease; a sent row's settled_at is when the next hop accepted it. Email's own columns
-- stay for its readers: subject (threading) and return_token (bounces).
ALTER TABLE email_send RENAME TO send_log;
ALTER TABLE send_log RENAME CONSTRAINT email_send_pkey TO send_log_pkey;
ALTER TABLE send_log RENAME CONSTRAINT email_send_status_check TO send_log_status_check;
ALTER TABLE send_log RENAME COLUMN message_id TO provider_message_id;
ALTER TABLE send_log RENAME COLUMN created_at TO claimed_at;
ALTER TABLE send_log RENAME COLUMN sent_at TO settled_at;

-- The kit's columns email had no use for: the sender's address, and held messages (email never
-- holds one; the kit's sweeper still looks, through the partial index below).
ALTER TABLE send_log
  ADD COLUMN sender_address TEXT,
  ADD COLUMN waiting_request JSONB,
  ADD COLUMN waits INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN waiting_cause JSONB,
  ADD COLUMN wait_until TIMESTAMPTZ;

ALTER INDEX email_send_message_id_idx RENAME TO send_log_provider_message_id_idx;
ALTER INDEX email_send_return_token_idx RENAME TO send_log_return_token_idx;
ALTER INDEX email_send_enrollment_sent_idx RENAME TO send_log_enrollment_settled_idx;
ALTER INDEX email_send_sending_created_at_idx RENAME TO send_log_sending_claimed_at_idx;
CREATE INDEX send_log_wait_until_idx ON send_log (wait_until) WHERE status = 'waiting';

-- The kit records the address as the step named it; email matches addresses in lower case
-- (earlier rows were stored lower-cased, which lower() leaves as they are).
DROP INDEX email_send_identity_recipient_idx;
CREATE INDEX send_log_identity_recipient_idx ON send_log (identity_id, lower(recipient), settled_at);
