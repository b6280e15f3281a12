-- Who a send went to and from: a connection request's acceptance releases the messages waiting
-- for that sender account and profile. The same columns exist in channel_sms, whose send_log
-- shares the channel kit's repository.
ALTER TABLE send_log
  ADD COLUMN recipient TEXT,
  ADD COLUMN sender_address TEXT,
  -- The provider request of a message held back until the recipient accepts the connection.
  ADD COLUMN waiting_request JSONB,
  -- How often a waiting message was released and found still not connected.
  ADD COLUMN waits INTEGER NOT NULL DEFAULT 0,
  -- When the provider first reported the invitation accepted; set once, so 'accepted' is published once.
  ADD COLUMN accepted_at TIMESTAMPTZ,
  -- When the acceptance poller last asked the provider about this invitation.
  ADD COLUMN acceptance_checked_at TIMESTAMPTZ;

ALTER TABLE send_log DROP CONSTRAINT send_log_status_check;
ALTER TABLE send_log ADD CONSTRAINT send_log_status_check
  CHECK (status IN ('sending', 'invited', 'sent', 'waiting', 'failed'));

-- The poller takes the open invitations checked longest ago; accepted ones leave the index.
CREATE INDEX send_log_open_invitation_idx ON send_log (acceptance_checked_at NULLS FIRST)
  WHERE status = 'invited' AND accepted_at IS NULL;

-- An acceptance releases the waiting messages of one sender account and profile.
CREATE INDEX send_log_waiting_idx ON send_log (sender_address, recipient) WHERE status = 'waiting';

-- Accepted connections, looked up for each pair that has messages waiting.
CREATE INDEX send_log_accepted_idx ON send_log (sender_address, recipient) WHERE accepted_at IS NOT NULL;
