import { EnrollmentStatusRepository, type HaltFeedEntry } from '@stepwise/channel-kit';
import type { TwilioFake } from '@stepwise/twilio-fake';
import { uniqueEnrollment, type ChannelServiceHarness } from '@stepwise/testing';
import { smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;

beforeAll(async () => ({ service, twilio } = await startSmsService()));
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const textsTo = (enrollmentId: string) => twilio.messages().filter((m) => m.body.includes(enrollmentId));
/** A number only the skipped steps are addressed to. */
const RECIPIENT = '+14155550199';
const due = (enrollmentId: string, firedAt?: Date, to?: string) =>
  smsDue({ enrollmentId, body: `Hi {{ firstName }} (${enrollmentId})`, firedAt, to });
const drain = (enrollmentId: string) =>
  service.drainPartitionOf(enrollmentId, smsDue({ enrollmentId, stepId: 'marker', body: 'marker' }));

test.each(['replied', 'stopped', 'bounced', 'unsubscribed'] as const)(
  'a step fired before the enrollment %s is never sent, and is announced as skipped',
  async (status) => {
    const enrollmentId = uniqueEnrollment(status);
    await service.changeStatus(enrollmentId, status, ago(MINUTE));
    await service.publishStepDue([due(enrollmentId, ago(2 * MINUTE), RECIPIENT)]);

    const notice = await service.noticeOf(enrollmentId);
    await drain(enrollmentId);

    // Every request the fake got, refused ones included: the recipient's number never reached it.
    expect(twilio.requests().filter((r) => r.to === RECIPIENT)).toEqual([]);
    expect(textsTo(enrollmentId)).toEqual([]);
    expect(service.outcomesFor(enrollmentId)).toEqual([]);
    expect(notice).toMatchObject({
      type: 'step.skipped',
      key: enrollmentId,
      payload: { channel: 'sms', reason: 'enrollment_halted', enrollmentStatus: status, step: { attempt: 1 } },
    });
  },
);

test('a paused recipient gets the same step once resumed: the step fired after the pause is sent', async () => {
  const enrollmentId = uniqueEnrollment('paused');
  await service.changeStatus(enrollmentId, 'paused', ago(MINUTE));
  await service.publishStepDue([due(enrollmentId, ago(2 * MINUTE))]);
  await service.noticeOf(enrollmentId);

  // Resumed: enrollment acts on the step again (same attempt), fired now.
  await service.publishStepDue([due(enrollmentId)]);
  await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(service.outcomesFor(enrollmentId).map((o) => o.payload.outcome)).toEqual(['sent']);
});

test('the feed decides in its order: a resume lifts the pause for the steps fired after it', async () => {
  const enrollmentId = uniqueEnrollment('resumed');
  await service.changeStatus(enrollmentId, 'paused', ago(3 * MINUTE));
  await service.changeStatus(enrollmentId, 'in_progress', ago(2 * MINUTE), 2);
  await service.publishStepDue([due(enrollmentId)]);

  await service.outcomeOf(enrollmentId);
  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(service.noticesFor(enrollmentId)).toEqual([]);
});

test('a final status stays final for its run: a later message of the same attempt does not reopen sending', async () => {
  const enrollmentId = uniqueEnrollment('final');
  await service.changeStatus(enrollmentId, 'replied', ago(2 * MINUTE));
  await service.changeStatus(enrollmentId, 'in_progress', ago(MINUTE));
  await service.publishStepDue([due(enrollmentId)]);

  await service.noticeOf(enrollmentId);
  await drain(enrollmentId);
  expect(textsTo(enrollmentId)).toEqual([]);
});

test('a recipient enrolled again after a final status is sent the new run (a later attempt)', async () => {
  const enrollmentId = uniqueEnrollment('again');
  await service.changeStatus(enrollmentId, 'completed', ago(2 * MINUTE));
  await service.changeStatus(enrollmentId, 'in_progress', ago(MINUTE), 2);
  await service.publishStepDue([smsDue({ enrollmentId, attempt: 2, body: `Hi again (${enrollmentId})` })]);

  await service.outcomeOf(enrollmentId);
  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(service.noticesFor(enrollmentId)).toEqual([]);
});

test('a step of an enrollment that never halted is sent as usual', async () => {
  const enrollmentId = uniqueEnrollment('running');
  await service.changeStatus(enrollmentId, 'in_progress', ago(MINUTE));
  await service.publishStepDue([due(enrollmentId)]);

  await service.outcomeOf(enrollmentId);
  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(service.noticesFor(enrollmentId)).toEqual([]);
});

test('the table follows the feed: a redelivered message changes nothing, a final status waits for a new run', async () => {
  const statuses = service.get(EnrollmentStatusRepository);
  const enrollmentId = uniqueEnrollment('redelivered');
  const entry = (offset: number, status: 'paused' | 'stopped' | null, attempt = 1): HaltFeedEntry => ({
    enrollmentId,
    attempt,
    partition: 0,
    offset: BigInt(offset),
    halt: status ? { enrollmentId, status, final: status === 'stopped', changedAt: ago(MINUTE), attempt } : null,
  });
  const halt = async () => (await statuses.find([enrollmentId])).get(enrollmentId)?.status ?? null;

  await statuses.record([entry(10, 'paused')]);
  await statuses.record([entry(11, null)]);
  // The consumer restarted before committing offset 10: it reads it again, after 11 was applied.
  await statuses.record([entry(10, 'paused')]);
  expect(await halt()).toBeNull();

  await statuses.record([entry(12, 'stopped')]);
  await statuses.record([entry(13, null)]);
  expect(await halt()).toBe('stopped');
  await statuses.record([entry(14, null, 2)]);
  expect(await halt()).toBeNull();
});
