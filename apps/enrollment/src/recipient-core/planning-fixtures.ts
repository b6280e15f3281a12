import type { EnrollmentState, SenderIdentity } from './enrollment-state';
import type { SequenceNode } from './sequence-definition';
import { SequenceNavigator } from './sequence-navigator';
import type { PlanningContext } from './step-planner';

/** Fixtures for the specs of planning, actions and reactions: one sender, one recipient, one clock. */
export const FIXTURE_NOW = new Date('2026-11-25T10:00:00Z');

/** The email identity `idn` every fixture step sends from. */
export function senderIdentity(overrides: Partial<SenderIdentity> = {}): SenderIdentity {
  return {
    id: 'idn',
    channel: 'email',
    address: 'me@acme.test',
    displayName: null,
    authState: 'ok',
    timezone: 'UTC',
    dailyLimit: null,
    workingHours: null,
    ...overrides,
  };
}

export function planningContext(
  nodes: readonly SequenceNode[],
  {
    identity = {},
    recipientTimezone = null,
  }: { identity?: Partial<SenderIdentity>; recipientTimezone?: string | null } = {},
): PlanningContext {
  return {
    navigator: new SequenceNavigator([...nodes]),
    recipient: {
      id: 'r',
      email: 'a@example.com',
      phone: null,
      linkedinProfile: null,
      timezone: recipientTimezone,
      variables: {},
    },
    identities: new Map([['idn', senderIdentity(identity)]]),
    now: FIXTURE_NOW,
  };
}

/** A recipient not started yet; override what the scenario needs. */
export function enrollmentState(overrides: Partial<EnrollmentState> = {}): EnrollmentState {
  return {
    id: 'enr',
    tenantId: 't',
    sequenceId: 's',
    recipientId: 'r',
    status: 'not_started',
    substatus: null,
    currentNodeId: null,
    attempt: 1,
    timerVersion: 0,
    nextDueAt: null,
    error: null,
    facts: {},
    delayLeftMs: null,
    ...overrides,
  };
}
