-- Hourly and weekly caps beside the daily one: the row also counts the identity's current local
-- clock hour (by the instant it began) and its local ISO week (by the date of its Monday). Rows of
-- before start at the epoch, so their first send starts both counts afresh.
ALTER TABLE identity_allowance
  ADD COLUMN hour TIMESTAMPTZ NOT NULL DEFAULT 'epoch',
  ADD COLUMN hour_sent INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN week DATE NOT NULL DEFAULT DATE '1970-01-01',
  ADD COLUMN week_sent INTEGER NOT NULL DEFAULT 0;

-- Like day and sent, every new row names its periods itself.
ALTER TABLE identity_allowance
  ALTER COLUMN hour DROP DEFAULT,
  ALTER COLUMN hour_sent DROP DEFAULT,
  ALTER COLUMN week DROP DEFAULT,
  ALTER COLUMN week_sent DROP DEFAULT;
