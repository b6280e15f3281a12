import { Topics, createEnvelope, recipientSignalSchema, replyReceivedSchema } from '@stepwise/contracts';
import { TopicTap, waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll } from './support/fixtures';

interface EnrollmentView {
  status: string;
  substatus: string | null;
  timeline: unknown[];
}

describe('public topics: replies and recipient signals from internal services', () => {
  const harness = new EnrollmentHarness();
  beforeAll(async () => {
    await harness.start(3914);
    harness.tap.messages.length = 0;
  });
  afterAll(() => harness.stop());

  const view = async (id: string) => (await harness.api<EnrollmentView>('GET', `/v1/enrollments/${id}`)).body;
  const awaitStatus = (id: string, status: string) =>
    waitFor(`${id} to be ${status}`, async () => {
      const v = await view(id);
      return v.status === status && v;
    });
  const reply = (payload: Parameters<typeof createEnvelope<typeof replyReceivedSchema>>[1]['payload']) =>
    createEnvelope(replyReceivedSchema, { tenantId: 'acme', key: 'inbox-sync', payload });

  it('a reply identified by email stops the recipient in every sequence, with the sentiment; a duplicate has one effect', async () => {
    const first = await launchAndEnroll(harness, ['grace@example.com']);
    const second = await launchAndEnroll(harness, ['grace@example.com']);
    const event = reply({
      recipient: { email: 'Grace@example.com' },
      channel: 'email',
      receivedAt: new Date().toISOString(),
      sentiment: 'interested',
    });
    await harness.publish(Topics.publicReplies, [event, event]);
    const a = await awaitStatus(first.enrollmentIds[0], 'replied');
    await awaitStatus(second.enrollmentIds[0], 'replied');
    expect(a.substatus).toBe('interested');
    await harness.publish(Topics.publicReplies, [event]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await view(first.enrollmentIds[0])).timeline).toHaveLength(2);
  });

  it('an out-of-office reply pauses the recipient until the return date', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['away@example.com']);
    await harness.publish(Topics.publicReplies, [
      reply({
        recipient: { enrollmentId: enrollmentIds[0] },
        channel: 'email',
        receivedAt: new Date().toISOString(),
        outOfOfficeUntil: '2031-01-05',
      }),
    ]);
    const paused = await awaitStatus(enrollmentIds[0], 'paused');
    expect(paused.substatus).toBe('out_of_office');
    const resume = await waitFor('the auto-resume timer', () =>
      harness.tap
        .of('timer.scheduled')
        .find(
          (m) => m.key === enrollmentIds[0] && (m.envelope.payload as { dueAt: string }).dueAt.startsWith('2031-01-05'),
        ),
    );
    expect(resume.envelope.payload).toMatchObject({ action: { kind: 'notify', reason: 'out_of_office_resume' } });
  });

  it('an unsubscribe signal suppresses the address: the recipient stops and cannot be enrolled again', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['leaver@example.com']);
    await harness.publish(Topics.publicRecipientSignals, [
      createEnvelope(recipientSignalSchema, {
        tenantId: 'acme',
        key: 'ats',
        payload: { recipient: { email: 'leaver@example.com' }, signal: 'unsubscribe' },
      }),
    ]);
    await awaitStatus(enrollmentIds[0], 'unsubscribed');
    const again = await launchAndEnroll(harness, ['leaver@example.com']);
    expect(again.enrollmentIds).toEqual([]);
  });

  it('an invalid event goes to the dead-letter topic with the reason naming the field', async () => {
    const deadLetters = harness.prefix + Topics.deadLetter;
    const tap = await new TopicTap([deadLetters]).start();
    try {
      const bad = {
        ...reply({ recipient: { email: 'x@example.com' }, channel: 'email', receivedAt: new Date().toISOString() }),
      };
      (bad.payload as { receivedAt: string }).receivedAt = 'yesterday';
      await harness.publishRaw(Topics.publicReplies, JSON.stringify(bad));
      const letter = await waitFor('the dead letter', () => tap.messages[0]);
      const body = letter.envelope as unknown as { reason: string; originalTopic: string; value: string };
      expect(body.reason).toContain('payload.receivedAt');
      expect(body.originalTopic).toBe(harness.prefix + Topics.publicReplies);
      expect(JSON.parse(body.value)).toEqual(bad);
    } finally {
      await tap.stop();
    }
  });
});
