-- Whether each sender identity's login works, as the provider last said: identity.health is
-- published when it changes (SMS auth refused by Twilio, restored by a later accepted send).
CREATE TABLE identity_health (
  identity_id TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL,
  state       TEXT NOT NULL,
  changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
