-- Twilio can report a final status within milliseconds, before the batch that sent the message has
-- settled it: such a callback matches no send_log row yet. It is kept here and applied once the
-- row holds its message SID, instead of being lost and fetched from Twilio a minute later.
CREATE TABLE early_delivery_report (
  message_sid TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  error_code TEXT,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
