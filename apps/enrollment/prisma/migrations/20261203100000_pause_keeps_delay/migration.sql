-- What was left of a recipient's delay when it was paused: resuming waits only the rest.
ALTER TABLE enrollment ADD COLUMN delay_left_ms BIGINT;
