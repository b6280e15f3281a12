import { Topics, createEnvelope, identityHealthSchema, type IdentityHealth } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import type { LoginObservation } from './identity-health.repository';

/** One send's word on its identity's login: refused, accepted, or nothing (it failed for another reason). */
export interface LoginEvidence {
  identityId: string;
  tenantId: string;
  loginAccepted: boolean | null;
}

/**
 * One observation per identity of a batch. A refused login outweighs a success in the same batch:
 * a pooled connection opened before the password changed can still send while new ones are refused.
 */
export function loginObservations(evidence: readonly LoginEvidence[]): LoginObservation[] {
  const byIdentity = new Map<string, LoginObservation>();
  for (const { identityId, tenantId, loginAccepted } of evidence) {
    if (loginAccepted === null) continue;
    const state = loginAccepted ? 'auth_restored' : 'auth_lost';
    if (byIdentity.get(identityId)?.state !== 'auth_lost') byIdentity.set(identityId, { identityId, tenantId, state });
  }
  return [...byIdentity.values()];
}

export function identityHealthMessage(
  change: LoginObservation,
  occurredAt: Date,
  extra: Pick<IdentityHealth['payload'], 'reason' | 'verification'> = {},
): OutboxMessage {
  return {
    topic: Topics.identityHealth,
    envelope: createEnvelope(identityHealthSchema, {
      tenantId: change.tenantId,
      key: change.identityId,
      occurredAt,
      payload: {
        identityId: change.identityId,
        channel: 'email',
        state: change.state,
        ...(change.state === 'auth_lost' ? { reason: "The mail server refused the sender identity's login." } : {}),
        ...extra,
      },
    }),
  };
}
