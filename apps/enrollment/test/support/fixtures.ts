import { createEnvelope, stepOutcomeSchema, type OutcomeKind, type StepOutcome } from '@stepwise/contracts';
import type { EnrollmentHarness } from './enrollment-harness';

export interface EnrolledSequence {
  sequenceId: string;
  enrollmentIds: string[];
}

export const twoEmailSteps = (identityId: string) => [
  {
    kind: 'step',
    id: 'intro',
    type: 'automated_email',
    name: 'Intro',
    identityId,
    subject: 'Hi {{firstName}}',
    body: 'Hello',
  },
  {
    kind: 'step',
    id: 'follow-up',
    type: 'automated_email',
    name: 'Follow-up',
    identityId,
    sameThreadAsPrevious: true,
    body: 'Bump',
  },
];

/** Creates an email identity and a launched two-step sequence, then enrolls `emails`. */
export async function launchAndEnroll(harness: EnrollmentHarness, emails: string[]): Promise<EnrolledSequence> {
  const identity = await harness.api<{ id: string }>('POST', '/v1/identities', {
    channel: 'email',
    address: `recruiter-${Math.random().toString(36).slice(2)}@acme.test`,
  });
  const sequence = await harness.api<{ id: string }>('POST', '/v1/sequences', {
    name: 'Backend engineers',
    steps: twoEmailSteps(identity.body.id),
  });
  await harness.api('POST', `/v1/sequences/${sequence.body.id}/launch`);
  const enrolled = await harness.api<{ enrolled: { enrollmentId: string }[] }>(
    'POST',
    `/v1/sequences/${sequence.body.id}/enrollments`,
    { recipients: emails.map((email, i) => ({ email, firstName: `Candidate ${i}` })) },
  );
  return { sequenceId: sequence.body.id, enrollmentIds: enrolled.body.enrolled.map((e) => e.enrollmentId) };
}

export function outcome(
  enrollmentId: string,
  sequenceId: string,
  stepId: string,
  kind: OutcomeKind,
  extra: Partial<StepOutcome['payload']> = {},
  tenantId = 'acme',
): StepOutcome {
  return createEnvelope(stepOutcomeSchema, {
    tenantId,
    key: enrollmentId,
    payload: { step: { enrollmentId, sequenceId, stepId, attempt: 1 }, channel: 'email', outcome: kind, ...extra },
  });
}
