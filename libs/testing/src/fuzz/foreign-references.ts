import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { outcomeKindSchema } from '@stepwise/contracts';
import { hostileString } from './hostile-values';

/** The ids a message names, as one tenant's real data or as ids nobody has. */
export interface References {
  tenantId: string;
  enrollmentId: string;
  identityId: string;
  email: string;
}

export interface ForeignMessage {
  /** How the message misses: for the assertion message. */
  aim: string;
  value: unknown;
}

/**
 * Valid messages that name something their tenant does not own: another tenant's enrollment,
 * identity or address, or ids that exist nowhere. A consumer must treat them as no-ops.
 */
export function foreignMessages(samples: readonly unknown[], owner: References): fc.Arbitrary<ForeignMessage> {
  const unknownIds = fc.record({
    enrollmentId: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 64 })),
    identityId: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 64 })),
    email: fc.emailAddress(),
  });
  // NUL is left to its own test: the contracts accept it and Postgres refuses it (see the bad-input report).
  const otherTenant = fc.oneof(
    fc.constantFrom('globex', 'nobody'),
    hostileString.filter((t) => t.length > 0 && t.length <= 64 && !t.includes('\u0000')),
  );
  const aims = fc.oneof(
    otherTenant.map((tenantId) => ({
      aim: `tenant ${JSON.stringify(tenantId)} naming ${owner.tenantId}'s ids`,
      refs: { ...owner, tenantId },
    })),
    unknownIds.map((ids) => ({
      aim: `${owner.tenantId} naming ids it does not have`,
      refs: { ...ids, tenantId: owner.tenantId },
    })),
  );
  return fc
    .record({
      sample: fc.constantFrom(...samples),
      target: aims,
      byAddress: fc.boolean(),
      outcome: fc.constantFrom(...outcomeKindSchema.options),
    })
    .map(({ sample, target, byAddress, outcome }) => ({
      aim: `${target.aim}${byAddress ? ' (by address)' : ''}`,
      value: { ...(retarget(sample, target.refs, byAddress, outcome) as object), eventId: randomUUID() },
    }));
}

/** Points every reference in the message at `refs`; outcome kinds vary so each reaction is tried. */
function retarget(value: unknown, refs: References, byAddress: boolean, outcome: string): unknown {
  if (Array.isArray(value)) return value.map((item) => retarget(item, refs, byAddress, outcome));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key === 'tenantId') return [key, refs.tenantId];
      if (key === 'enrollmentId') return [key, refs.enrollmentId];
      if (key === 'identityId') return [key, refs.identityId];
      if (key === 'outcome') return [key, outcome];
      if (key === 'recipient') return [key, byAddress ? { email: refs.email } : { enrollmentId: refs.enrollmentId }];
      return [key, retarget(child, refs, byAddress, outcome)];
    }),
  );
}
