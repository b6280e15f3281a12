-- Analytics reads only enrollment.transitioned: each event carries a step's facts as enrollment
-- interpreted them, and the row takes the newest (fact_at, fact_offset) version, so a redelivery or
-- an older event changes nothing. Pending and overdue are step facts now, so the per-enrollment
-- position table that derived them is gone.
ALTER TABLE step_recipient
  ADD COLUMN pending BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN overdue BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN fact_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
  ADD COLUMN fact_offset BIGINT NOT NULL DEFAULT -1;
DROP TABLE enrollment_position;
