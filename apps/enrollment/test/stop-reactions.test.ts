import { Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness, OTHER_API_KEY } from './support/enrollment-harness';
import { launchAndEnroll, outcome } from './support/fixtures';

interface EnrollmentView {
  status: string;
  error: { type: string; message: string; suggestedFix: string } | null;
  timerVersion: number;
}

describe('outcomes that stop or block a recipient', () => {
  const harness = new EnrollmentHarness();
  let sequenceId: string;
  let ids: string[];
  beforeAll(async () => {
    await harness.start(3912);
    ({ sequenceId, enrollmentIds: ids } = await launchAndEnroll(harness, [
      'replier@example.com',
      'failer@example.com',
      'bouncer@example.com',
      'other-tenant@example.com',
    ]));
  });
  afterAll(() => harness.stop());

  const statusOf = async (id: string) => (await harness.api<EnrollmentView>('GET', `/v1/enrollments/${id}`)).body;
  const awaitStatus = (id: string, status: string) =>
    waitFor(`${id} to be ${status}`, async () => {
      const view = await statusOf(id);
      return view.status === status && view;
    });

  it('a reply stops the recipient and cancels the pending timer with a newer version', async () => {
    await harness.publish(Topics.emailOutcomes, [outcome(ids[0], sequenceId, 'intro', 'replied')]);
    const view = await awaitStatus(ids[0], 'replied');
    const cancel = await waitFor('timer cancel', () => harness.tap.of('timer.cancelled').find((m) => m.key === ids[0]));
    expect(cancel.envelope.payload).toEqual({ timerId: ids[0], version: view.timerVersion });
    expect(view.timerVersion).toBe(2);

    // A late "sent" for the step in flight does not bring the recipient back.
    await harness.publish(Topics.emailOutcomes, [outcome(ids[0], sequenceId, 'intro', 'sent')]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await statusOf(ids[0])).status).toBe('replied');
    expect(harness.tap.of('timer.scheduled').filter((m) => m.key === ids[0])).toHaveLength(1);
  });

  it('a failed send puts the recipient in Error with the cause and the fix', async () => {
    const error = {
      type: 'invalid_address' as const,
      message: 'mailbox refused',
      suggestedFix: 'correct the email address',
    };
    await harness.publish(Topics.emailOutcomes, [outcome(ids[1], sequenceId, 'intro', 'failed', { error })]);
    expect((await awaitStatus(ids[1], 'error')).error).toEqual(error);
  });

  it('a hard bounce is terminal; a soft bounce changes nothing', async () => {
    await harness.publish(Topics.emailOutcomes, [outcome(ids[2], sequenceId, 'intro', 'bounced', { bounce: 'soft' })]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await statusOf(ids[2])).status).toBe('in_progress');
    await harness.publish(Topics.emailOutcomes, [outcome(ids[2], sequenceId, 'intro', 'bounced', { bounce: 'hard' })]);
    await awaitStatus(ids[2], 'bounced');
  });

  it("an event naming another tenant's enrollment changes nothing, and its API key cannot read it", async () => {
    await harness.publish(Topics.emailOutcomes, [outcome(ids[3], sequenceId, 'intro', 'replied', {}, 'globex')]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await statusOf(ids[3])).status).toBe('in_progress');
    expect((await harness.api('GET', `/v1/enrollments/${ids[3]}`, undefined, OTHER_API_KEY)).status).toBe(404);
    expect((await harness.api('GET', `/v1/sequences/${sequenceId}`, undefined, OTHER_API_KEY)).status).toBe(404);
  });
});
