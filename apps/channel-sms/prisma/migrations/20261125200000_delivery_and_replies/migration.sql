-- Who a send went to and from, so an inbound SMS (From = the candidate, To = our number) finds
-- the step it answers; the same columns exist in channel_social, whose send_log shares the
-- channel kit's repository. Rows claimed before this migration keep NULLs: no reply matches them.
ALTER TABLE send_log
  ADD COLUMN recipient TEXT,
  ADD COLUMN sender_address TEXT,
  -- A request the provider could not take yet (channel_social: waiting to connect); SMS never waits.
  ADD COLUMN waiting_request JSONB,
  ADD COLUMN waits INTEGER NOT NULL DEFAULT 0,
  -- Twilio's last final status from a status callback ('delivered', 'undelivered', 'failed');
  -- set once, so a repeated callback publishes nothing a second time.
  ADD COLUMN delivery_status TEXT;

-- Status callbacks name the message SID.
CREATE INDEX send_log_provider_message_id_idx ON send_log (provider_message_id);

-- An inbound SMS answers the latest send from our number to the candidate's.
CREATE INDEX send_log_recipient_sender_idx ON send_log (recipient, sender_address, claimed_at DESC);

-- Inbound messages already turned into outcomes, by Twilio's message SID: a webhook Twilio (or a
-- proxy) delivers twice publishes once.
CREATE TABLE inbound_message (
  message_sid TEXT PRIMARY KEY,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
