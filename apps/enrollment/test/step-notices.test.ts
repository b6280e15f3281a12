import {
  Topics,
  createEnvelope,
  stepSkippedSchema,
  stepWaitingSchema,
  type EnrollmentTransitioned,
  type StepAttempt,
} from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { outcome } from './support/fixtures';
import { awaitStatus, launchSequence, view } from './support/launch-sequence';

const WAIT_UNTIL = '2026-12-10T09:00:00.000Z';

describe('channel step notices: a step held back until connected, a send refused for a halted recipient', () => {
  const harness = new EnrollmentHarness();
  let sequenceId: string;
  beforeAll(async () => {
    await harness.start(3976);
    const social = await harness.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'social',
      address: 'https://linkedin.com/in/recruiter',
    });
    sequenceId = await launchSequence(harness, [
      { kind: 'step', id: 'message', type: 'linkedin_message', name: 'Hello', identityId: social.body.id, body: 'Hi' },
      { kind: 'step', id: 'call', type: 'task', name: 'Call', delay: { amount: 3, unit: 'days' } },
    ]);
  });
  afterAll(() => harness.stop());

  async function enrollOne(profile: string): Promise<string> {
    const response = await harness.api<{ enrolled: { enrollmentId: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      { recipients: [{ linkedinProfile: `https://linkedin.com/in/${profile}` }] },
    );
    const enrollmentId = response.body.enrolled[0].enrollmentId;
    await awaitStatus(harness, enrollmentId, 'in_progress', 'scheduled');
    return enrollmentId;
  }

  const attempt = (enrollmentId: string, attemptNo = 1): StepAttempt => ({
    enrollmentId,
    sequenceId,
    stepId: 'message',
    attempt: attemptNo,
  });
  const waiting = (step: StepAttempt) =>
    createEnvelope(stepWaitingSchema, {
      tenantId: 'acme',
      key: step.enrollmentId,
      payload: { step, channel: 'social', substatus: 'waiting_to_connect', waitUntil: WAIT_UNTIL },
    });
  const sent = (enrollmentId: string) => outcome(enrollmentId, sequenceId, 'message', 'sent', { channel: 'social' });
  const changesOf = (enrollmentId: string) =>
    harness.tap
      .of('enrollment.transitioned')
      .filter((m) => m.key === enrollmentId)
      .flatMap((m) => (m.envelope.payload as EnrollmentTransitioned['payload']).status ?? []);

  it('waiting to connect becomes the In Progress substatus, recorded and published once; a stale attempt is ignored', async () => {
    const enrollmentId = await enrollOne('ada');
    const notice = waiting(attempt(enrollmentId));
    // A notice for an attempt the recipient is not on, then the current one twice (a redelivery and a repeat).
    await harness.publish(Topics.stepNotices, [waiting(attempt(enrollmentId, 7))]);
    await harness.publish(Topics.stepNotices, [notice, notice, waiting(attempt(enrollmentId))]);
    const held = await awaitStatus(harness, enrollmentId, 'in_progress', 'waiting_to_connect');
    expect(held.timeline.filter((t) => t.substatus === 'waiting_to_connect')).toEqual([
      expect.objectContaining({ cause: `step message waiting to connect until ${WAIT_UNTIL}` }),
    ]);
    expect(changesOf(enrollmentId).filter((c) => c.substatus === 'waiting_to_connect')).toEqual([
      expect.objectContaining({ from: 'in_progress', to: 'in_progress', stepId: 'message' }),
    ]);

    // Connected: the message goes out and the recipient moves on as usual.
    await harness.publish(Topics.socialOutcomes, [sent(enrollmentId)]);
    await awaitStatus(harness, enrollmentId, 'in_progress', 'waiting_for_delay');
  });

  it('a notice for an attempt on a step the recipient has left changes nothing', async () => {
    const enrollmentId = await enrollOne('grace');
    await harness.publish(Topics.socialOutcomes, [sent(enrollmentId)]);
    await awaitStatus(harness, enrollmentId, 'in_progress', 'waiting_for_delay');
    await harness.publish(Topics.stepNotices, [waiting(attempt(enrollmentId))]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const current = await view(harness, enrollmentId);
    expect(current.substatus).toBe('waiting_for_delay');
    expect(current.timeline.some((t) => t.substatus === 'waiting_to_connect')).toBe(false);
  });

  it('a skipped send goes on the timeline once and changes no state', async () => {
    const enrollmentId = await enrollOne('linus');
    await harness.api('POST', `/v1/enrollments/${enrollmentId}/actions/pause`);
    const paused = await awaitStatus(harness, enrollmentId, 'paused');
    const skipped = createEnvelope(stepSkippedSchema, {
      tenantId: 'acme',
      key: enrollmentId,
      payload: {
        step: attempt(enrollmentId),
        channel: 'social',
        reason: 'enrollment_halted',
        enrollmentStatus: 'paused',
        detail: 'paused by the user after the step was fired',
      },
    });
    const publishedBefore = (
      await waitFor(
        'the pause published',
        () => changesOf(enrollmentId).some((c) => c.to === 'paused') && changesOf(enrollmentId),
      )
    ).length;
    await harness.publish(Topics.stepNotices, [skipped, skipped]);
    const noted = await waitFor('the skipped send on the timeline', async () => {
      const current = await view(harness, enrollmentId);
      return current.timeline.length > paused.timeline.length && current;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await view(harness, enrollmentId);
    expect(after.timeline).toHaveLength(paused.timeline.length + 1);
    expect(after.timeline.at(-1)).toMatchObject({
      fromStatus: 'paused',
      toStatus: 'paused',
      substatus: paused.substatus,
      cause:
        'step message (attempt 1) not sent by social: enrollment paused; paused by the user after the step was fired',
    });
    expect({ ...after, timeline: [] }).toEqual({ ...noted, timeline: [] });
    expect(changesOf(enrollmentId)).toHaveLength(publishedBefore);
  });
});
