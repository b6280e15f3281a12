-- Each sender identity's own SMTP/IMAP connection, as enrollment published it on the compacted
-- identity-connections topic: secrets stay sealed (AES-256-GCM, key id inside) and are opened only
-- in memory. `revision` keeps a redelivered older record from replacing a newer one; a null
-- connection is a removed one (the row stays so its revision still guards).
CREATE TABLE identity_connection (
  identity_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  address TEXT NOT NULL,
  revision INTEGER NOT NULL,
  connection JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Where reply sync stopped in each mailbox: a restart resumes after last_uid, unless the server
-- renumbered the mailbox (another UIDVALIDITY), when it re-reads from synced_at.
CREATE TABLE mailbox_checkpoint (
  identity_id TEXT NOT NULL,
  mailbox TEXT NOT NULL,
  uid_validity BIGINT NOT NULL,
  last_uid BIGINT NOT NULL,
  synced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (identity_id, mailbox)
);

-- Which instance watches which mailbox. A lease not renewed by expires_at is free for any other
-- instance; live instances announce themselves so each takes a fair share.
CREATE TABLE mailbox_lease (
  identity_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE mailbox_sync_instance (
  instance_id TEXT PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL
);

-- The address each attempt went to (lower case). A bounce or complaint names the address that
-- failed and is checked against it before the recipient is stopped (a report about another
-- address of a multi-recipient mail, or a forwarded copy, must not bounce this one); a reply that
-- names none of our Message-IDs is matched by it. Null on rows sent before.
ALTER TABLE email_send ADD COLUMN recipient TEXT;
CREATE INDEX email_send_identity_recipient_idx ON email_send (identity_id, recipient, sent_at);
