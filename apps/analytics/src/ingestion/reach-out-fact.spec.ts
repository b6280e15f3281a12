import { createEnvelope, statusChangedSchema, stepOutcomeSchema, stepReachedSchema } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { hasFlag, reachOutBits } from '../reach-out-counters';
import type { StatusChangedMessage, StepOutcomeMessage, StepReachedMessage } from './analytics-message';
import {
  foldReachOuts,
  statusChangedReachOut,
  stepOutcomeReachOut,
  stepReachedReachOut,
  type ReachOutFact,
} from './reach-out-fact';

const step = { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'intro', attempt: 1 };

function outcome(payload: Partial<StepOutcomeMessage['payload']> & Pick<StepOutcomeMessage['payload'], 'outcome'>) {
  return createEnvelope(stepOutcomeSchema, {
    tenantId: 't',
    key: 'enr_1',
    payload: { step, channel: 'email', ...payload },
  });
}

function reached(stepId: string, at: string, offset: string): ConsumedMessage<StepReachedMessage> {
  const envelope = createEnvelope(stepReachedSchema, {
    tenantId: 't',
    key: 'enr_1',
    occurredAt: new Date(at),
    payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId, stepType: 'automated_email', attempt: 1 },
  });
  return { topic: 'events', partition: 0, offset, key: 'enr_1', envelope, headers: {} };
}

function status(to: StatusChangedMessage['payload']['to'], substatus?: string): StatusChangedMessage {
  return createEnvelope(statusChangedSchema, {
    tenantId: 't',
    key: 'enr_1',
    payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', recipientId: 'r', from: 'in_progress', to, substatus },
  });
}

describe('stepOutcomeReachOut', () => {
  test('a human open counts as an open of the reach out', () => {
    expect(hasFlag(stepOutcomeReachOut(outcome({ outcome: 'opened' })).flags, 'opened')).toBe(true);
  });

  test('an open or click by a privacy proxy or scanner is neither an open nor a click', () => {
    const open = stepOutcomeReachOut(outcome({ outcome: 'opened', machineGenerated: true }));
    const click = stepOutcomeReachOut(outcome({ outcome: 'clicked', machineGenerated: true }));
    expect(open.flags).toBe(reachOutBits('started'));
    expect(click.flags).toBe(reachOutBits('started'));
  });

  test('a reply is a response, attributed to its channel', () => {
    expect(stepOutcomeReachOut(outcome({ outcome: 'replied' })).flags).toBe(
      reachOutBits('started', 'replied', 'emailReplied'),
    );
    expect(stepOutcomeReachOut(outcome({ outcome: 'replied', channel: 'social' })).flags).toBe(
      reachOutBits('started', 'replied', 'linkedinReplied'),
    );
  });

  test('only a hard bounce is a bounce', () => {
    expect(hasFlag(stepOutcomeReachOut(outcome({ outcome: 'bounced', bounce: 'soft' })).flags, 'bounced')).toBe(false);
    expect(stepOutcomeReachOut(outcome({ outcome: 'bounced', bounce: 'hard' })).flags).toBe(
      reachOutBits('started', 'bounced', 'emailBounced'),
    );
  });

  test('says nothing about when the reach out was created', () => {
    expect(stepOutcomeReachOut(outcome({ outcome: 'sent' })).createdAt).toBeNull();
  });
});

describe('statusChangedReachOut', () => {
  test('replied with substatus interested is a response marked interested', () => {
    expect(statusChangedReachOut(status('replied', 'interested'))?.flags).toBe(reachOutBits('replied', 'interested'));
    expect(statusChangedReachOut(status('replied', 'not_interested'))?.flags).toBe(reachOutBits('replied'));
  });

  test('stopped and unsubscribed cancel the reach out', () => {
    expect(statusChangedReachOut(status('stopped', 'by_user'))?.flags).toBe(reachOutBits('cancelled'));
    expect(statusChangedReachOut(status('unsubscribed'))?.flags).toBe(reachOutBits('cancelled'));
  });

  test('a reply reported on the public topic counts on its channel, with its sentiment (issue 15, defect 11)', () => {
    const email = {
      ...status('replied', 'interested'),
      payload: { ...status('replied').payload, substatus: 'interested', replyChannel: 'email' as const },
    };
    expect(statusChangedReachOut(email)?.flags).toBe(reachOutBits('replied', 'interested', 'emailReplied'));
    const social = { ...email, payload: { ...email.payload, replyChannel: 'social' as const } };
    expect(statusChangedReachOut(social)?.flags).toBe(reachOutBits('replied', 'interested', 'linkedinReplied'));
  });

  test('a status that ends nothing says nothing', () => {
    expect(statusChangedReachOut(status('paused', 'by_user'))).toBeNull();
  });
});

describe('foldReachOuts', () => {
  test('keeps the earliest creation, every flag and the latest step, whatever the order', () => {
    const facts: ReachOutFact[] = [
      stepReachedReachOut(reached('second', '2026-11-02T00:00:00Z', '7')),
      stepOutcomeReachOut(outcome({ outcome: 'opened' })),
      stepReachedReachOut(reached('first', '2026-11-01T00:00:00Z', '3')),
    ];
    for (const order of [facts, [...facts].reverse()]) {
      const [folded] = foldReachOuts(order);
      expect(folded?.createdAt?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect(folded?.step?.stepId).toBe('second');
      expect(folded?.flags).toBe(reachOutBits('started', 'opened'));
    }
  });

  test('within one millisecond the partition offset says which step came last', () => {
    const [folded] = foldReachOuts([
      stepReachedReachOut(reached('later', '2026-11-01T00:00:00Z', '9')),
      stepReachedReachOut(reached('earlier', '2026-11-01T00:00:00Z', '8')),
    ]);
    expect(folded?.step?.stepId).toBe('later');
  });
});
