-- The address each attempt went to: a bounce or complaint names the address that failed, and it
-- is checked against this before the recipient is stopped (a report about another address of a
-- multi-recipient mail, or a forwarded copy, must not bounce this one). Null on rows sent before.
ALTER TABLE email_send ADD COLUMN recipient TEXT;
