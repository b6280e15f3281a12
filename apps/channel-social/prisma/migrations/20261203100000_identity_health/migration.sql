-- Whether each sender identity's login works, as the provider last said: identity.health is
-- published when it changes (LinkedIn provider credentials refused, restored by a later accepted call).
CREATE TABLE identity_health (
  identity_id TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL,
  state       TEXT NOT NULL,
  changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
