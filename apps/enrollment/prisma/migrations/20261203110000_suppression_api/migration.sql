-- Who put an entry on the suppression list, and a record of every removal with who and why.
ALTER TABLE suppression ADD COLUMN added_by TEXT;

CREATE TABLE suppression_removal (
  id         BIGSERIAL PRIMARY KEY,
  tenant_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  value      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  removed_by TEXT NOT NULL,
  removed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX suppression_removal_tenant_idx ON suppression_removal (tenant_id, kind, value);
