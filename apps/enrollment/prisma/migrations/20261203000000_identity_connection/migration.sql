-- A sender identity's SMTP/IMAP connection as the user gave it, every secret sealed (AES-256-GCM,
-- key id inside): the source of the records on the compacted identity-connections topic, and of
-- what GET shows without its secrets. `connection_revision` orders those records.
ALTER TABLE sender_identity ADD COLUMN connection JSONB;
ALTER TABLE sender_identity ADD COLUMN connection_revision INTEGER NOT NULL DEFAULT 0;
-- The last verify's answer from channel-email (identity health with a verification).
ALTER TABLE sender_identity ADD COLUMN last_verification JSONB;
