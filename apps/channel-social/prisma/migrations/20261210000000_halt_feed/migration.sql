-- The channels learn halts from enrollment's compacted halt feed instead of every status change:
-- a row per enrollment that ever halted, cleared (status null) when it is resumed or enrolled
-- again. Same DDL in every channel schema.
ALTER TABLE enrollment_status
  ALTER COLUMN status DROP NOT NULL,
  -- Rows from before the feed did not know the attempt: they keep halting every step of the run.
  ADD COLUMN attempt INTEGER NOT NULL DEFAULT 2147483647,
  -- Where the row's message sits on the feed: a message at or before it changes nothing.
  ADD COLUMN feed_partition INTEGER NOT NULL DEFAULT -1,
  ADD COLUMN feed_offset BIGINT NOT NULL DEFAULT -1;
ALTER TABLE enrollment_status
  ALTER COLUMN attempt DROP DEFAULT,
  ALTER COLUMN feed_partition DROP DEFAULT,
  ALTER COLUMN feed_offset DROP DEFAULT;
