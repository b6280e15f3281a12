import { Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll, outcome } from './support/fixtures';

interface EnrollmentView {
  status: string;
  currentNodeId: string | null;
  timeline: { fromStatus: string | null; toStatus: string; cause: string }[];
}

describe('a recipient runs through an email sequence to Completed', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3911));
  afterAll(() => harness.stop());

  it('schedules each step through the dispatcher and completes after the last one is sent', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['ada@example.com', 'alan@example.com']);
    expect(enrollmentIds).toHaveLength(2);

    const firstTimers = await waitFor('first-step timers', () => {
      const timers = harness.tap.of('timer.scheduled');
      return timers.length === 2 && timers;
    });
    for (const timer of firstTimers) {
      expect(timer.envelope.payload).toMatchObject({
        version: 1,
        action: {
          kind: 'send_step',
          step: { stepId: 'intro', attempt: 1 },
          delivery: { channel: 'email', subject: 'Hi {{firstName}}' },
        },
      });
    }

    const sent = enrollmentIds.map((id) => outcome(id, sequenceId, 'intro', 'sent'));
    await harness.publish(Topics.emailOutcomes, sent);
    await waitFor('follow-up timers', () => harness.tap.of('timer.scheduled').length === 4);
    const followUps = harness.tap.of('timer.scheduled').slice(2);
    expect(followUps.map((t) => (t.envelope.payload as { version: number }).version)).toEqual([2, 2]);

    await harness.publish(
      Topics.emailOutcomes,
      enrollmentIds.map((id) => outcome(id, sequenceId, 'follow-up', 'sent')),
    );
    for (const id of enrollmentIds) {
      const view = await waitFor(`${id} completed`, async () => {
        const { body } = await harness.api<EnrollmentView>('GET', `/v1/enrollments/${id}`);
        return body.status === 'completed' && body;
      });
      // The intro's send moves the recipient to the follow-up with the status unchanged: still on the timeline.
      expect(view.timeline.map((t) => [t.fromStatus, t.toStatus])).toEqual([
        ['not_started', 'in_progress'],
        ['in_progress', 'in_progress'],
        ['in_progress', 'completed'],
      ]);
    }

    // The same events delivered again change nothing: no new timers, no new timeline rows.
    await harness.publish(Topics.emailOutcomes, sent);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(harness.tap.of('timer.scheduled')).toHaveLength(4);
    const { body } = await harness.api<EnrollmentView>('GET', `/v1/enrollments/${enrollmentIds[0]}`);
    expect(body.timeline).toHaveLength(3);
  });
});
