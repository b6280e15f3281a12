-- A status callback can be lost (it may even arrive before the send is settled and match no row),
-- and Twilio does not retry callbacks: sent messages without a final status are fetched from
-- Twilio instead. The last check is kept so a message still on its way is not fetched every pass.
ALTER TABLE send_log ADD COLUMN delivery_checked_at TIMESTAMPTZ;

-- The sent messages still awaiting their final status, oldest first.
CREATE INDEX send_log_awaiting_delivery_idx ON send_log (settled_at) WHERE status = 'sent' AND delivery_status IS NULL;
