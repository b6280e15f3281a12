import { Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness, OTHER_API_KEY } from './support/enrollment-harness';
import { launchAndEnroll, outcome } from './support/fixtures';
import { enroll } from './support/launch-sequence';

interface EnrollmentView {
  status: string;
  attempt: number;
  error: { type: string; message: string; suggestedFix: string } | null;
  timerVersion: number;
  timeline: { toStatus: string; cause: string }[];
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
      'complainer@example.com',
      'vacationer@example.com',
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

  it('a soft bounce sends the step again later under a new attempt; a hard bounce is terminal', async () => {
    const inbound = { class: 'bounce' as const, reason: 'mailboxfull', status: '5.2.2' };
    await harness.publish(Topics.emailOutcomes, [
      outcome(ids[2], sequenceId, 'intro', 'bounced', { bounce: 'soft', inbound }),
    ]);
    const retry = await waitFor('the retry scheduled', () =>
      harness.tap
        .of('timer.scheduled')
        .find((m) => m.key === ids[2] && JSON.stringify(m.envelope.payload).includes('"attempt":2')),
    );
    expect(retry).toBeDefined();
    const view = await statusOf(ids[2]);
    expect(view).toMatchObject({ status: 'in_progress', attempt: 2 });
    expect(view.timeline.at(-1)?.cause).toMatch(/^soft bounce 1 of 4 allowed on step intro \(mailboxfull 5\.2\.2\)/);
    await harness.publish(Topics.emailOutcomes, [outcome(ids[2], sequenceId, 'intro', 'bounced', { bounce: 'hard' })]);
    await awaitStatus(ids[2], 'bounced');
  });

  it('a complaint unsubscribes the recipient, suppresses the address and shows on the timeline', async () => {
    const inbound = { class: 'complaint' as const, reason: 'abuse', address: 'complainer@example.com' };
    await harness.publish(Topics.emailOutcomes, [outcome(ids[4], sequenceId, 'intro', 'complaint', { inbound })]);
    const view = await awaitStatus(ids[4], 'unsubscribed');
    expect(view.timeline.at(-1)?.cause).toBe('unsubscribe: complaint (abuse) about step intro');
    const again = await enroll(harness, sequenceId, ['complainer@example.com']);
    expect(again.enrolled).toEqual([]);
    expect(JSON.stringify(again.rejected)).toContain('complaint');
  });

  it('an auto-reply goes on the timeline and the sequence goes on', async () => {
    const inbound = { class: 'auto_reply' as const, reason: 'read_receipt' };
    await harness.publish(Topics.emailOutcomes, [outcome(ids[5], sequenceId, 'intro', 'auto_reply', { inbound })]);
    const view = await waitFor('the auto-reply on the timeline', async () => {
      const v = await statusOf(ids[5]);
      return v.timeline.some((t) => t.cause.startsWith('auto-reply to step intro')) && v;
    });
    expect(view.status).toBe('in_progress');
    expect(view.timeline.at(-1)).toMatchObject({
      toStatus: 'in_progress',
      cause: 'auto-reply to step intro (auto_reply: read_receipt); the sequence goes on',
    });
  });

  it("an event naming another tenant's enrollment changes nothing, and its API key cannot read it", async () => {
    await harness.publish(Topics.emailOutcomes, [outcome(ids[3], sequenceId, 'intro', 'replied', {}, 'globex')]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await statusOf(ids[3])).status).toBe('in_progress');
    expect((await harness.api('GET', `/v1/enrollments/${ids[3]}`, undefined, OTHER_API_KEY)).status).toBe(404);
    expect((await harness.api('GET', `/v1/sequences/${sequenceId}`, undefined, OTHER_API_KEY)).status).toBe(404);
  });
});
