-- Caps per local clock hour and per local ISO week beside the daily one (LinkedIn caps invitations
-- weekly); null: no such cap. The dispatcher counts them, enrollment only hands them on.
ALTER TABLE sender_identity
  ADD COLUMN hourly_limit INTEGER,
  ADD COLUMN weekly_limit INTEGER;
