import { createEnvelope, enrollmentTransitionedSchema, type EnrollmentTransitioned } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { hasFlag, reachOutBits } from '../reach-out-counters';
import type { TransitionedMessage } from './analytics-message';
import { foldReachOuts, transitionedReachOut, type ReachOutFact } from './reach-out-fact';

type Payload = EnrollmentTransitioned['payload'];

function event(
  payload: Partial<Pick<Payload, 'status' | 'reachedStep' | 'steps'>>,
  at = '2026-11-01T00:00:00Z',
  offset = '1',
): ConsumedMessage<TransitionedMessage> {
  const envelope = createEnvelope(enrollmentTransitionedSchema, {
    tenantId: 't',
    key: 'enr_1',
    occurredAt: new Date(at),
    payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', recipientId: 'r', steps: [], ...payload },
  });
  return { topic: 'events', partition: 0, offset, key: 'enr_1', envelope, headers: {} };
}

const step = (facts: Payload['steps'][number]['facts'], channel: Payload['steps'][number]['channel'] = 'email') =>
  event({ steps: [{ stepId: 'intro', channel, facts }] });
const reached = (stepId: string, at: string, offset: string) =>
  event({ reachedStep: { stepId, stepType: 'automated_email', attempt: 1 }, steps: [] }, at, offset);
const status = (to: NonNullable<Payload['status']>['to'], extra: Partial<NonNullable<Payload['status']>> = {}) =>
  event({ status: { from: 'in_progress', to, ...extra } });
const flagsOf = (message: ConsumedMessage<TransitionedMessage>) => transitionedReachOut(message)?.flags;

describe('the step facts of a transition', () => {
  test('an email opened by a person is an open of the reach out', () => {
    expect(hasFlag(flagsOf(step({ attempted: true, opened: true })) ?? 0, 'opened')).toBe(true);
  });

  test('a step attempted only (a machine open, a soft bounce) starts the reach out and nothing more', () => {
    expect(flagsOf(step({ attempted: true }))).toBe(reachOutBits('started'));
  });

  test('a reply is a response, attributed to the channel of its step', () => {
    expect(flagsOf(step({ attempted: true, replied: true }))).toBe(reachOutBits('started', 'replied', 'emailReplied'));
    expect(flagsOf(step({ attempted: true, replied: true }, 'social'))).toBe(
      reachOutBits('started', 'replied', 'linkedinReplied'),
    );
  });

  test('a bounced step is a bounce, on its channel; a send counts on its channel', () => {
    expect(flagsOf(step({ attempted: true, bounced: true }))).toBe(reachOutBits('started', 'bounced', 'emailBounced'));
    expect(flagsOf(step({ attempted: true, sent: true }, 'sms'))).toBe(reachOutBits('started', 'smsSent'));
  });

  test('say nothing about when the reach out was created', () => {
    expect(transitionedReachOut(step({ attempted: true, sent: true }))?.createdAt).toBeNull();
  });
});

describe('the status change of a transition', () => {
  test('replied with substatus interested is a response marked interested', () => {
    expect(flagsOf(status('replied', { substatus: 'interested' }))).toBe(reachOutBits('replied', 'interested'));
    expect(flagsOf(status('replied', { substatus: 'not_interested' }))).toBe(reachOutBits('replied'));
  });

  test('stopped and unsubscribed cancel the reach out', () => {
    expect(flagsOf(status('stopped', { substatus: 'by_user' }))).toBe(reachOutBits('cancelled'));
    expect(flagsOf(status('unsubscribed'))).toBe(reachOutBits('cancelled'));
  });

  test('a reply reported on the public topic counts on its channel, with its sentiment (issue 15, defect 11)', () => {
    expect(flagsOf(status('replied', { substatus: 'interested', replyChannel: 'email' }))).toBe(
      reachOutBits('replied', 'interested', 'emailReplied'),
    );
    expect(flagsOf(status('replied', { substatus: 'interested', replyChannel: 'social' }))).toBe(
      reachOutBits('replied', 'interested', 'linkedinReplied'),
    );
  });

  test('a status that ends nothing says nothing', () => {
    expect(transitionedReachOut(status('paused', { substatus: 'by_user' }))).toBeNull();
  });
});

describe('foldReachOuts', () => {
  test('keeps the earliest creation, every flag and the latest step, whatever the order', () => {
    const facts = [
      transitionedReachOut(reached('second', '2026-11-02T00:00:00Z', '7')),
      transitionedReachOut(step({ attempted: true, opened: true })),
      transitionedReachOut(reached('first', '2026-11-01T00:00:00Z', '3')),
    ] as ReachOutFact[];
    for (const order of [facts, [...facts].reverse()]) {
      const [folded] = foldReachOuts(order);
      expect(folded?.createdAt?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect(folded?.step?.stepId).toBe('second');
      expect(folded?.flags).toBe(reachOutBits('started', 'opened'));
    }
  });

  test('within one millisecond the partition offset says which step came last', () => {
    const [folded] = foldReachOuts([
      transitionedReachOut(reached('later', '2026-11-01T00:00:00Z', '9')),
      transitionedReachOut(reached('earlier', '2026-11-01T00:00:00Z', '8')),
    ] as ReachOutFact[]);
    expect(folded?.step?.stepId).toBe('later');
  });
});
