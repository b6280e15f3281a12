import { Client } from 'pg';
import { createEnvelope, timerFiredSchema, Topics, type TimerScheduled } from '@stepwise/contracts';
import { testDatabaseUrl, waitFor } from '@stepwise/testing';
import type { EnrollmentHarness } from './enrollment-harness';

export interface EnrollmentView {
  id: string;
  status: string;
  substatus: string | null;
  currentNodeId: string | null;
  attempt: number;
  timerVersion: number;
  timeline: { fromStatus: string | null; toStatus: string; substatus: string | null; cause: string }[];
}

export async function createIdentity(harness: EnrollmentHarness): Promise<string> {
  const identity = await harness.api<{ id: string }>('POST', '/v1/identities', {
    channel: 'email',
    address: `recruiter-${Math.random().toString(36).slice(2)}@acme.test`,
  });
  return identity.body.id;
}

/** Creates and launches a sequence with the given steps and enrollment rule. */
export async function launchSequence(
  harness: EnrollmentHarness,
  steps: unknown[],
  enrollmentRule: unknown = { kind: 'once' },
): Promise<string> {
  const sequence = await harness.api<{ id: string }>('POST', '/v1/sequences', {
    name: 'Rules and steps',
    steps,
    enrollmentRule,
  });
  if (sequence.status !== 201) throw new Error(`sequence refused: ${JSON.stringify(sequence.body)}`);
  await harness.api('POST', `/v1/sequences/${sequence.body.id}/launch`);
  return sequence.body.id;
}

export interface EnrollResult {
  enrolled: { index: number; enrollmentId: string }[];
  rejected: { index: number; reason: string }[];
}

export async function enroll(harness: EnrollmentHarness, sequenceId: string, emails: string[]): Promise<EnrollResult> {
  const response = await harness.api<EnrollResult>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
    recipients: emails.map((email) => ({ email })),
  });
  return response.body;
}

export async function view(harness: EnrollmentHarness, enrollmentId: string): Promise<EnrollmentView> {
  return (await harness.api<EnrollmentView>('GET', `/v1/enrollments/${enrollmentId}`)).body;
}

export function awaitStatus(harness: EnrollmentHarness, enrollmentId: string, status: string, substatus?: string) {
  return waitFor(`${enrollmentId} to be ${status}/${substatus ?? '*'}`, async () => {
    const current = await view(harness, enrollmentId);
    return current.status === status && (substatus === undefined || current.substatus === substatus) && current;
  });
}

/** The timer command the service published for an enrollment at a given version. */
export function awaitTimer(harness: EnrollmentHarness, enrollmentId: string, version: number) {
  return waitFor(`timer ${enrollmentId} v${version}`, () => {
    const found = harness.tap
      .of('timer.scheduled')
      .find((m) => m.key === enrollmentId && (m.envelope.payload as TimerScheduled['payload']).version === version);
    return found?.envelope.payload as TimerScheduled['payload'] | undefined;
  });
}

/** Plays the dispatcher: a notify timer came due. */
export async function fireTimer(harness: EnrollmentHarness, timer: TimerScheduled['payload']): Promise<void> {
  if (timer.action.kind !== 'notify') throw new Error('only notify timers are fired back to enrollment');
  const { reason, enrollmentId, stepId } = timer.action;
  await harness.publish(Topics.timerFired, [
    createEnvelope(timerFiredSchema, {
      tenantId: 'acme',
      key: enrollmentId,
      payload: {
        timerId: timer.timerId,
        version: timer.version,
        reason,
        enrollmentId,
        stepId,
        dueAt: timer.dueAt,
        firedAt: new Date().toISOString(),
      },
    }),
  ]);
}

/** A SQL statement on the harness's own schema, for what only time could otherwise do. */
export async function sql(harness: EnrollmentHarness, text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${harness.schema}"`);
    await client.query(text, values);
  } finally {
    await client.end();
  }
}
